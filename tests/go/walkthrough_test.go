// The walkthrough through the AWS SDK for Go v2 against a running localiam in verify mode
// (LOCALIAM_URL, started by tests/integration/test_go_sdk.py): users, groups, managed
// policies, roles, access keys, AssumeRole as a user and as the root, GetCallerIdentity,
// a paginator and AWS's typed errors. Built against Debian's packages with no network:
// GO111MODULE=off GOPATH=/usr/share/gocode go test ./tests/go
package walkthrough_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

const account = "000000000000"

func endpoint(t *testing.T) string {
	url := os.Getenv("LOCALIAM_URL")
	if url == "" {
		t.Fatal("LOCALIAM_URL is not set: run this through tests/integration/test_go_sdk.py")
	}
	return url
}

func iamAs(t *testing.T, key, secret, token string) *iam.Client {
	return iam.New(iam.Options{Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, token),
		EndpointResolver: iam.EndpointResolverFromURL(endpoint(t))})
}

func stsAs(t *testing.T, key, secret, token string) *sts.Client {
	return sts.New(sts.Options{Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, token),
		EndpointResolver: sts.EndpointResolverFromURL(endpoint(t))})
}

// ok(call)(t) is call's value, or the end of test t when call failed.
func ok[T any](value T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return value
	}
}

func TestWalkthrough(t *testing.T) {
	ctx := context.Background()
	admin := iamAs(t, "test", "test", "")

	user := ok(admin.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("carlos")}))(t).User
	if *user.Arn != "arn:aws:iam::"+account+":user/carlos" || !strings.HasPrefix(*user.UserId, "AIDA") {
		t.Fatalf("CreateUser answered %s %s", *user.Arn, *user.UserId)
	}
	ok(admin.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("developers")}))(t)
	ok(admin.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("developers"),
		UserName: aws.String("carlos")}))(t)
	document := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`
	policy := ok(admin.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("assume"),
		PolicyDocument: aws.String(document)}))(t).Policy
	ok(admin.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("developers"),
		PolicyArn: policy.Arn}))(t)
	attached := ok(admin.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{
		GroupName: aws.String("developers")}))(t).AttachedPolicies
	if len(attached) != 1 || *attached[0].PolicyArn != "arn:aws:iam::"+account+":policy/assume" {
		t.Fatalf("ListAttachedGroupPolicies answered %+v", attached)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"sts:AssumeRole"}]}`
	role := ok(admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("creator-role"),
		AssumeRolePolicyDocument: aws.String(trust)}))(t).Role

	key := ok(admin.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("carlos")}))(t).AccessKey
	carlos := stsAs(t, *key.AccessKeyId, *key.SecretAccessKey, "")
	me := ok(carlos.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))(t)
	if *me.Arn != "arn:aws:iam::"+account+":user/carlos" {
		t.Fatalf("GetCallerIdentity as carlos answered %s", *me.Arn)
	}
	creds := ok(carlos.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Arn,
		RoleSessionName: aws.String("s1")}))(t).Credentials
	if !strings.HasPrefix(*creds.AccessKeyId, "ASIA") || creds.Expiration == nil {
		t.Fatalf("AssumeRole answered %+v", creds)
	}
	session := stsAs(t, *creds.AccessKeyId, *creds.SecretAccessKey, *creds.SessionToken)
	me = ok(session.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))(t)
	if *me.Arn != "arn:aws:sts::"+account+":assumed-role/creator-role/s1" {
		t.Fatalf("GetCallerIdentity as the session answered %s", *me.Arn)
	}

	// As on AWS (and in every mode but open), the root may not assume roles.
	_, err := stsAs(t, "test", "test", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Arn,
		RoleSessionName: aws.String("root")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDenied" ||
		apiErr.ErrorMessage() != "Roles may not be assumed by root accounts." {
		t.Fatalf("AssumeRole as the root: %v", err)
	}
}

func TestTypedErrors(t *testing.T) {
	ctx := context.Background()
	admin := iamAs(t, "test", "test", "")
	_, err := admin.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
	var missing *iamtypes.NoSuchEntityException
	if !errors.As(err, &missing) || missing.ErrorMessage() != "The user with name nobody cannot be found." {
		t.Fatalf("GetUser of a missing user: %v", err)
	}
	ok(admin.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("twice")}))(t)
	_, err = admin.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("twice")})
	var exists *iamtypes.EntityAlreadyExistsException
	if !errors.As(err, &exists) || exists.ErrorMessage() != "Group with name twice already exists." {
		t.Fatalf("CreateGroup twice: %v", err)
	}
	_, err = stsAs(t, "AKIANOSUCHKEY0000000", "x", "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidClientTokenId" {
		t.Fatalf("an unknown key in verify mode: %v", err)
	}
}

func TestPaginator(t *testing.T) {
	ctx := context.Background()
	admin := iamAs(t, "test", "test", "")
	for _, name := range []string{"p0", "p1", "p2", "p3", "p4"} {
		ok(admin.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name), Path: aws.String("/paged/")}))(t)
	}
	pages, names := 0, []string{}
	paginator := iam.NewListUsersPaginator(admin, &iam.ListUsersInput{PathPrefix: aws.String("/paged/"),
		MaxItems: aws.Int32(2)})
	for paginator.HasMorePages() {
		page := ok(paginator.NextPage(ctx))(t)
		pages++
		for _, u := range page.Users {
			names = append(names, *u.UserName)
		}
	}
	if pages != 3 || strings.Join(names, ",") != "p0,p1,p2,p3,p4" {
		t.Fatalf("ListUsers paginator: %d pages, %v", pages, names)
	}
}
