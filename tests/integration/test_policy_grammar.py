"""AWS's policy-document table, row by row, through the real clients: every document of
LocalStack's TestPolicyDocumentValidity (recorded against real AWS) goes to CreatePolicy,
CreatePolicyVersion, PutUserPolicy, PutGroupPolicy and PutRolePolicy, and the answer must be
AWS's: the same error code and message (and HTTP 400), or success.

The documents are our own table below (ROWS); the expected answers are read at run time from
the recording, tests/integration/fixtures/aws-recorded/iam__test_iam_policies.snapshot.json
(LOCALIAM_AWS_RECORDINGS names another folder). Without it the tests fail.

Trust policies (CreateRole, UpdateAssumeRolePolicy) cannot hold these documents as they are
(they refuse Resource and need a Principal), so the rows whose answer comes from a rule that
does not concern actions or resources (syntax, Effect case, conditions, Id, Sid) are also sent
as trust policies: the same statement with its Action/Resource replaced by a principal and
sts:AssumeRole. AWS was not recorded answering those; they assume IAM reads both kinds with the
same grammar and legacy parser, as the shared messages suggest.
"""

import json
import os
import unittest
from pathlib import Path
from urllib.parse import quote_plus

from support import cases, config

RECORDINGS = Path(os.environ.get("LOCALIAM_AWS_RECORDINGS") or config.AWS_RECORDINGS)
SNAPSHOT = RECORDINGS / "iam__test_iam_policies.snapshot.json"
RECORDED_CLASS = "tests/aws/services/iam/test_iam_policies.py::TestPolicyDocumentValidity::"
RECORDED_TESTS = {"invalid": "test_create_policy_invalid_document",
                  "valid": "test_create_policy_valid_document"}

# (row name as in the recording, document text)
ROWS = [
    ('invalid-0',
     'This is not a json document'),
    ('invalid-1',
     '{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-2',
     '{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-3',
     '{"Version":"2013-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-4',
     '{"Version":"2012-10-17"}'),
    ('invalid-5',
     '{"Version":"2012-10-17","Statement":["afd"]}'),
    ('invalid-6',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},"Extra field":"value"}'),
    ('invalid-7',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Extra field":"value"}}'),
    ('invalid-8',
     '{"Version":"2012-10-17","Id":["cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee"],"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-9',
     '{"Version":"2012-10-17","Id":{},"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-10',
     '{"Version":"2012-10-17","Statement":{"Effect":"invalid","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-11',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-12',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-13',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a a:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-14',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-15',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3s:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Effect":"Allow","Action":"s:3s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}'),
    ('invalid-16',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}}'),
    ('invalid-17',
     '{"Version":"2012-10-17","Statement":[{"Sid":"EnableDisableHongKong","Effect":"Allow","Action":["account:EnableRegion","account:DisableRegion"],"Resource":"","Condition":{"StringEquals":{"account:TargetRegion":"ap-east-1"}}},{"Sid":"ViewConsole","Effect":"Allow","Action":["aws-portal:ViewAccount","account:ListRegions"],"Resource":""}]}'),
    ('invalid-18',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s:3:ListBucket","Resource":"sdfsadf"}}'),
    ('invalid-19',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["adf"]}}'),
    ('invalid-20',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":""}}'),
    ('invalid-21',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:bsdfdsafsad"}}'),
    ('invalid-22',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:cadfsdf"}}'),
    ('invalid-23',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:c:d:e:f:g:h"}}'),
    ('invalid-24',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"aws:s3:::example_bucket"}}'),
    ('invalid-25',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:error:s3:::example_bucket","arn:error:s3::example_bucket"]}}'),
    ('invalid-26',
     '{"Version":"2012-10-17","Statement":[]}'),
    ('invalid-27',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket"}}'),
    ('invalid-28',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":[]}}'),
    ('invalid-29',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid"}}'),
    ('invalid-30',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-31',
     '{"Version":"2012-10-17","Statement":{"Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-32',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}'),
    ('invalid-33',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-34',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Deny"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}'),
    ('invalid-35',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::example_bucket"}}'),
    ('invalid-36',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}}'),
    ('invalid-37',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3::example_bucket"}}'),
    ('invalid-38',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws"}}'),
    ('invalid-39',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":{"a":"arn:aws:s3:::example_bucket"}}}'),
    ('invalid-40',
     '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:ListBucket","Resource":["adfdf",{}]}}'),
    ('invalid-41',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","NotResource":[]}}'),
    ('invalid-42',
     '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":[[]],"Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-43',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Action":[],"Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-44',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":{},"Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-45',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":[]}}'),
    ('invalid-46',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":"a"}}'),
    ('invalid-47',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"a":"b"}}}'),
    ('invalid-48',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":"b"}}}'),
    ('invalid-49',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":[]}}}'),
    ('invalid-50',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":{}}}}}'),
    ('invalid-51',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":{}}}}}'),
    ('invalid-52',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"x":{"a":"1"}}}}'),
    ('invalid-53',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"asf"}}}}'),
    ('invalid-54',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":[{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}]}}'),
    ('invalid-55',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:us-east-1::example_bucket"}}'),
    ('invalid-56',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::example_bucket"}}'),
    ('invalid-57',
     '{"Version":"2012-10-17","Statement":{"Sid":{},"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-58',
     '{"Version":"2012-10-17","Statement":{"Sid":[],"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-59',
     '{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}'),
    ('invalid-60',
     '{"Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}'),
    ('invalid-61',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Action":"iam:dsf","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-62',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","NotResource":"*"}}'),
    ('invalid-63',
     '{"Version":"2012-10-17","Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-64',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}'),
    ('invalid-65',
     '{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}'),
    ('invalid-66',
     '{"Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('invalid-67',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}'),
    ('invalid-68',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws::::example_bucket"}}'),
    ('invalid-69',
     '{"Version":"2012-10-17","Statement":{"Effect":"allow","Resource":"arn:aws:s3:us-east-1::example_bucket"}}'),
    ('invalid-70',
     '{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"aLLow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Sid":"sdf","Effect":"Allow"}]}'),
    ('invalid-71',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","NotResource":"arn:aws:s3::example_bucket"}}'),
    ('invalid-72',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"234-13"}}}}'),
    ('invalid-73',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+1"}}}}'),
    ('invalid-74',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.1999999999+10:59"}}}}'),
    ('invalid-75',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThan":{"a":"9223372036854775808"}}}}'),
    ('invalid-76',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:error:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"sdfdsf"}}}}'),
    ('invalid-77',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws::fdsasf"}}'),
    ('valid-0',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket"]}}'),
    ('valid-1',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam: asdf safdsf af ","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-2',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket","*"]}}'),
    ('valid-3',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-4',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}'),
    ('valid-5',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"service-prefix:action-name","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}}}'),
    ('valid-6',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"fsx:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-7',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::user/example_bucket"}}'),
    ('valid-8',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s33:::example_bucket"}}'),
    ('valid-9',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:fdsasf"}}'),
    ('valid-10',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{}}}'),
    ('valid-11',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"Department"}}}}'),
    ('valid-12',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:cloudwatch:us-east-1::example_bucket"}}'),
    ('valid-13',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:ec2:us-east-1::example_bucket"}}'),
    ('valid-14',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:invalid-service:::example_bucket"}}'),
    ('valid-15',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:invalid-service:us-east-1::example_bucket"}}'),
    ('valid-16',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}}}'),
    ('valid-17',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{}}}}'),
    ('valid-18',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":[]}}}}'),
    ('valid-19',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"a":{}}}}'),
    ('valid-20',
     '{"Version":"2012-10-17","Statement":{"Sid":"dsfsdfsdfsdfsdfsadfsd","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-21',
     '{"Version":"2012-10-17","Statement":[{"Sid":"ConsoleDisplay","Effect":"Allow","Action":["iam:GetRole","iam:GetUser","iam:ListRoles","iam:ListRoleTags","iam:ListUsers","iam:ListUserTags"],"Resource":"*"},{"Sid":"AddTag","Effect":"Allow","Action":["iam:TagUser","iam:TagRole"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/CostCenter":["A-123","B-456"]},"ForAllValues:StringEquals":{"aws:TagKeys":"CostCenter"}}}]}'),
    ('valid-22',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-23',
     '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}'),
    ('valid-24',
     '{"Version":"2012-10-17","Id":"sdfsdfsdf","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-25',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"aaaaaadsfdsafsadfsadfaaaaa:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-26',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3-s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-27',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3.s:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}'),
    ('valid-28',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:ListBucket","NotResource":"*"}}'),
    ('valid-29',
     '{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}]}'),
    ('valid-30',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateGreaterThan":{"a":"01T"}}}}'),
    ('valid-31',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"x":{},"y":{}}}}'),
    ('valid-32',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"StringEqualsIfExists":{"a":"asf"}}}}'),
    ('valid-33',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"ForAnyValue:StringEqualsIfExists":{"a":"asf"}}}}'),
    ('valid-34',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2019-07-01T13:20:15Z"}}}}'),
    ('valid-35',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13T21:20:37.593194+00:00"}}}}'),
    ('valid-36',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThanEquals":{"a":"2016-12-13t2:00:00.593194+23"}}}}'),
    ('valid-37',
     '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket","Condition":{"DateLessThan":{"a":"-292275054"}}}}'),
    ('valid-38',
     '{"Version":"2012-10-17","Statement":[{"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary","iam:ListVirtualMFADevices"],"Resource":"*"},{"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnSigningCertificates","Effect":"Allow","Action":["iam:DeleteSigningCertificate","iam:ListSigningCertificates","iam:UpdateSigningCertificate","iam:UploadSigningCertificate"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnSSHPublicKeys","Effect":"Allow","Action":["iam:DeleteSSHPublicKey","iam:GetSSHPublicKey","iam:ListSSHPublicKeys","iam:UpdateSSHPublicKey","iam:UploadSSHPublicKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnGitCredentials","Effect":"Allow","Action":["iam:CreateServiceSpecificCredential","iam:DeleteServiceSpecificCredential","iam:ListServiceSpecificCredentials","iam:ResetServiceSpecificCredential","iam:UpdateServiceSpecificCredential"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:DeleteVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/${aws:username}"},{"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}'),
    ('valid-39',
     '{"Version":"2012-10-17","Statement":[{"Sid":"ListAndDescribe","Effect":"Allow","Action":["dynamodb:List*","dynamodb:DescribeReservedCapacity*","dynamodb:DescribeLimits","dynamodb:DescribeTimeToLive"],"Resource":"*"},{"Sid":"SpecificTable","Effect":"Allow","Action":["dynamodb:BatchGet*","dynamodb:DescribeStream","dynamodb:DescribeTable","dynamodb:Get*","dynamodb:Query","dynamodb:Scan","dynamodb:BatchWrite*","dynamodb:CreateTable","dynamodb:Delete*","dynamodb:Update*","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:*:table/MyTable"}]}'),
    ('valid-40',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":["arn:aws:ec2:*:*:volume/*","arn:aws:ec2:*:*:instance/*"],"Condition":{"ArnEquals":{"ec2:SourceInstanceARN":"arn:aws:ec2:*:*:instance/instance-id"}}}]}'),
    ('valid-41',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ec2:ResourceTag/Department":"Development"}}},{"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],"Resource":"arn:aws:ec2:*:*:volume/*","Condition":{"StringEquals":{"ec2:ResourceTag/VolumeUser":"${aws:username}"}}}]}'),
    ('valid-42',
     '{"Version":"2012-10-17","Statement":[{"Sid":"StartStopIfTags","Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances","ec2:DescribeTags"],"Resource":"arn:aws:ec2:region:account-id:instance/*","Condition":{"StringEquals":{"ec2:ResourceTag/Project":"DataAnalytics","aws:PrincipalTag/Department":"Data"}}}]}'),
    ('valid-43',
     '{"Version":"2012-10-17","Statement":[{"Sid":"ListYourObjects","Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::bucket-name"],"Condition":{"StringLike":{"s3:prefix":["cognito/application-name/${cognito-identity.amazonaws.com:sub}"]}}},{"Sid":"ReadWriteDeleteYourObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":["arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}","arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}/*"]}]}'),
    ('valid-44',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket-name","Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:userid}/*"]}}},{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::bucket-name/home/${aws:userid}","arn:aws:s3:::bucket-name/home/${aws:userid}/*"]}]}'),
    ('valid-45',
     '{"Version":"2012-10-17","Statement":[{"Sid":"ConsoleAccess","Effect":"Allow","Action":["s3:GetAccountPublicAccessBlock","s3:GetBucketAcl","s3:GetBucketLocation","s3:GetBucketPolicyStatus","s3:GetBucketPublicAccessBlock","s3:ListAllMyBuckets"],"Resource":"*"},{"Sid":"ListObjectsInBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::bucket-name"]},{"Sid":"AllObjectActions","Effect":"Allow","Action":"s3:*Object","Resource":["arn:aws:s3:::bucket-name/*"]}]}'),
    ('valid-46',
     '{"Version":"2012-10-17","Statement":[{"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary"],"Resource":"*"},{"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnSigningCertificates","Effect":"Allow","Action":["iam:DeleteSigningCertificate","iam:ListSigningCertificates","iam:UpdateSigningCertificate","iam:UploadSigningCertificate"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnSSHPublicKeys","Effect":"Allow","Action":["iam:DeleteSSHPublicKey","iam:GetSSHPublicKey","iam:ListSSHPublicKeys","iam:UpdateSSHPublicKey","iam:UploadSSHPublicKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"AllowManageOwnGitCredentials","Effect":"Allow","Action":["iam:CreateServiceSpecificCredential","iam:DeleteServiceSpecificCredential","iam:ListServiceSpecificCredentials","iam:ResetServiceSpecificCredential","iam:UpdateServiceSpecificCredential"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}'),
    ('valid-47',
     '{"Version":"2012-10-17","Statement":[{"Action":"ec2:*","Resource":"*","Effect":"Allow","Condition":{"StringEquals":{"ec2:Region":"region"}}}]}'),
    ('valid-48',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds:*","Resource":["arn:aws:rds:region:*:*"]},{"Effect":"Allow","Action":["rds:Describe*"],"Resource":["*"]}]}'),
    ('valid-49',
     '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"rds:*","Resource":["arn:aws:rds:region:*:*"]},{"Sid":"","Effect":"Allow","Action":["rds:Describe*"],"Resource":["*"]}]}'),
    ('valid-50',
     '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point","arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*"]}]}'),
]

# Rows whose rule is not about actions or resources, also sent as trust policies.
TRUST_ROWS = [
    "invalid-3", "invalid-6", "invalid-7", "invalid-8", "invalid-9", "invalid-10", "invalid-45",
    "invalid-46", "invalid-47", "invalid-48", "invalid-49", "invalid-50", "invalid-52",
    "invalid-53", "invalid-54", "invalid-57", "invalid-58", "invalid-63", "invalid-64",
    "invalid-72", "invalid-73", "invalid-74", "invalid-75",
    "valid-5", "valid-10", "valid-11", "valid-16", "valid-17", "valid-18", "valid-19", "valid-20",
    "valid-24", "valid-30", "valid-31", "valid-32", "valid-33", "valid-34", "valid-35",
    "valid-36", "valid-37",
]

# One row per kind of answer, for the slower AWS CLI.
CLI_ROWS = ["invalid-0", "invalid-1", "invalid-13", "invalid-14", "invalid-22", "invalid-27",
            "invalid-35", "invalid-38", "invalid-56", "invalid-59", "invalid-63", "valid-9",
            "valid-27"]


def recorded_answers():
    """{row name: None (accepted) or (code, message, HTTP status)}, from the recording."""
    if not SNAPSHOT.is_file():
        raise AssertionError(
            f"the recording of AWS's answers is missing: {SNAPSHOT} (copy it from "
            "../shared/reference/aws-recorded, or set LOCALIAM_AWS_RECORDINGS)")
    with open(SNAPSHOT, encoding="utf-8") as f:
        snapshot = json.load(f)
    answers = {}
    for key, entry in snapshot.items():
        if not key.startswith(RECORDED_CLASS):
            continue
        name = key[key.index("[") + 1:-1]
        content = entry["recorded-content"]
        if "error" not in content:
            answers[name] = None
            continue
        error = content["error"]["Error"]
        # The recording hides the partition and region behind placeholders.
        message = error["Message"].replace("<partition>", "aws").replace("<region>", config.REGION)
        status = content["error"]["ResponseMetadata"]["HTTPStatusCode"]
        answers[name] = (error["Code"], message, status)
    return answers


def as_trust(text):
    """The document with each statement's Action/NotAction and Resource/NotResource replaced by
    an EC2 service principal and sts:AssumeRole (everything else kept as it is)."""
    doc = json.loads(text)
    statements = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    for st in statements:
        for element in ("Action", "NotAction", "Resource", "NotResource"):
            st.pop(element, None)
        st["Principal"] = {"Service": "ec2.amazonaws.com"}
        st["Action"] = "sts:AssumeRole"
    return json.dumps(doc)


DOCUMENTS = dict(ROWS)


class PolicyGrammarBase:
    @classmethod
    def setUpClass(cls):
        cls.answers = recorded_answers()  # fails the class, loudly, without the recording
        super().setUpClass()
        cls.prep("iam", "CreateUser", UserName="grammar-user")
        cls.prep("iam", "CreateGroup", GroupName="grammar-group")
        cls.trust_text = as_trust(DOCUMENTS["valid-0"])
        cls.prep("iam", "CreateRole", RoleName="grammar-role",
                 AssumeRolePolicyDocument=cls.trust_text)
        base = cls.prep("iam", "CreatePolicy", PolicyName="grammar-versions",
                        PolicyDocument=DOCUMENTS["valid-0"])
        cls.versioned_arn = base["Policy"]["Arn"]
        cls.counter = 0

    def unique(self, prefix):
        type(self).counter += 1
        return f"{prefix}-{self.counter}"

    def answer(self, name):
        self.assertIn(name, self.answers, f"{name} is not in the recording {SNAPSHOT}")
        return self.answers[name]

    def check(self, name, op, params, on_success=None):
        """Calls op and asserts AWS's recorded answer for row `name`."""
        answer = self.answer(name)
        if answer is None:
            result = self.iam(op, **params)
            if on_success:
                on_success(result)
            return
        code, message, status = answer
        self.assertEqual(status, cases.STATUS.get(code), f"{name}: recorded HTTP status")
        self.expect_error(code, message, "iam", op, params)

    def create_policy(self, name):
        self.check(name, "CreatePolicy",
                   {"PolicyName": self.unique("grammar"), "PolicyDocument": DOCUMENTS[name]},
                   lambda r: self.iam("DeletePolicy", PolicyArn=r["Policy"]["Arn"]))

    def put_inline(self, name, kind, param, entity):
        self.check(name, f"Put{kind}Policy",
                   {param: entity, "PolicyName": "grammar", "PolicyDocument": DOCUMENTS[name]})

    def create_role(self, name):
        role = self.unique("grammar-role")
        self.check(name, "CreateRole",
                   {"RoleName": role, "AssumeRolePolicyDocument": as_trust(DOCUMENTS[name])},
                   lambda r: self.iam("DeleteRole", RoleName=role))


class PolicyGrammarTests(PolicyGrammarBase):
    def test_table_is_the_recording(self):
        # Every recorded row is driven here, and nothing else.
        self.assertEqual(sorted(self.answers), sorted(DOCUMENTS))
        self.assertEqual(len(ROWS), len(DOCUMENTS))
        self.assertEqual(sum(a is None for a in self.answers.values()), 51)

    def test_create_policy(self):
        for name, _ in ROWS:
            with self.subTest(row=name):
                self.create_policy(name)

    def test_create_policy_version(self):
        for name, text in ROWS:
            with self.subTest(row=name):
                self.check(name, "CreatePolicyVersion",
                           {"PolicyArn": self.versioned_arn, "PolicyDocument": text},
                           lambda r: self.iam("DeletePolicyVersion", PolicyArn=self.versioned_arn,
                                              VersionId=r["PolicyVersion"]["VersionId"]))

    def test_inline_policies(self):
        targets = [("User", "UserName", "grammar-user"), ("Group", "GroupName", "grammar-group"),
                   ("Role", "RoleName", "grammar-role")]
        for name, _ in ROWS:
            for kind, param, entity in targets:
                with self.subTest(row=name, kind=kind):
                    self.put_inline(name, kind, param, entity)

    def test_trust_policies(self):
        for name in TRUST_ROWS:
            with self.subTest(row=name, op="CreateRole"):
                self.create_role(name)
            with self.subTest(row=name, op="UpdateAssumeRolePolicy"):
                self.check(name, "UpdateAssumeRolePolicy",
                           {"RoleName": "grammar-role", "PolicyDocument": as_trust(DOCUMENTS[name])})


    def test_url_encoded_resources_in_inline_policies(self):
        # Colons written as %3A leave fewer fields: the recorded API Gateway tag ARN (AWS accepts
        # it and returns it as sent) and a three-field resource.
        tagged = quote_plus(f"arn:aws:apigateway:{config.REGION}::/restapis/aaeeieije")
        for resource in (f"arn:aws:apigateway:{config.REGION}::/tags/{tagged}",
                         "arn:aws:test%3Aencoded%3Astring"):
            document = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["apigatway:PUT"], "Resource": [resource]}]}
            for kind, param, entity in (("User", "UserName", "grammar-user"),
                                        ("Group", "GroupName", "grammar-group"),
                                        ("Role", "RoleName", "grammar-role")):
                with self.subTest(resource=resource, kind=kind):
                    self.iam(f"Put{kind}Policy", **{param: entity}, PolicyName="encoded",
                             PolicyDocument=json.dumps(document))
                    got = self.iam(f"Get{kind}Policy", **{param: entity}, PolicyName="encoded")
                    self.assertEqual(got["PolicyDocument"], document)


class PolicyGrammarCliTests(PolicyGrammarBase):
    def test_sample_through_the_cli(self):
        for name in CLI_ROWS:
            with self.subTest(row=name, op="CreatePolicy"):
                self.create_policy(name)
        for name in ("invalid-22", "invalid-73", "valid-9"):
            with self.subTest(row=name, op="PutUserPolicy"):
                self.put_inline(name, "User", "UserName", "grammar-user")
        for name in ("invalid-53", "invalid-63", "valid-36"):
            with self.subTest(row=name, op="CreateRole"):
                self.create_role(name)


cases.per_client(PolicyGrammarTests, globals(), prefix="PolicyGrammar", only={"boto3"})
cases.per_client(PolicyGrammarCliTests, globals(), prefix="PolicyGrammarCli", only={"cli_v2"})

if __name__ == "__main__":
    unittest.main()
