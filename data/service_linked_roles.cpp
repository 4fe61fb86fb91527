#include "data/service_linked_roles.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace localiam::data {

namespace {

// Sorted by service principal (checked by a unit test).
constexpr std::array kRoles = std::to_array<ServiceLinkedRoleInfo>({
    {"access-analyzer.amazonaws.com", "AWSServiceRoleForAccessAnalyzer",
     "AccessAnalyzerServiceRolePolicy", false, ""},
    {"acm.amazonaws.com", "AWSServiceRoleForCertificateManager",
     "CertificateManagerServiceRolePolicy", false, ""},
    {"apigateway.amazonaws.com", "AWSServiceRoleForAPIGateway", "APIGatewayServiceRolePolicy",
     false, "The Service Linked Role is used by Amazon API Gateway."},
    {"appsync.amazonaws.com", "AWSServiceRoleForAppSync", "AWSAppSyncServiceRolePolicy", false,
     ""},
    {"autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling",
     "AutoScalingServiceRolePolicy", true,
     "Default Service-Linked Role enables access to AWS Services and Resources used or managed "
     "by Auto Scaling"},
    {"backup.amazonaws.com", "AWSServiceRoleForBackup",
     "AWSBackupServiceLinkedRolePolicyForBackup", false, ""},
    {"batch.amazonaws.com", "AWSServiceRoleForBatch", "BatchServiceRolePolicy", false, ""},
    {"cloud9.amazonaws.com", "AWSServiceRoleForAWSCloud9", "AWSCloud9ServiceRolePolicy", false,
     ""},
    {"cloudtrail.amazonaws.com", "AWSServiceRoleForCloudTrail", "CloudTrailServiceRolePolicy",
     false, ""},
    {"cognito-idp.amazonaws.com", "AWSServiceRoleForAmazonCognitoIdp",
     "AmazonCognitoIdpServiceRolePolicy", false, ""},
    {"config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfigServiceRolePolicy", false, ""},
    {"dax.amazonaws.com", "AWSServiceRoleForDAX", "DAXServiceRolePolicy", false, ""},
    {"dynamodb.application-autoscaling.amazonaws.com",
     "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
     "AWSApplicationAutoscalingDynamoDBTablePolicy", false, ""},
    {"ec2fleet.amazonaws.com", "AWSServiceRoleForEC2Fleet", "AWSEC2FleetServiceRolePolicy", false,
     ""},
    {"ecs.amazonaws.com", "AWSServiceRoleForECS", "AmazonECSServiceRolePolicy", false,
     "Role to enable Amazon ECS to manage your cluster."},
    {"ecs.application-autoscaling.amazonaws.com",
     "AWSServiceRoleForApplicationAutoScaling_ECSService",
     "AWSApplicationAutoscalingECSServicePolicy", false, ""},
    {"eks-fargate.amazonaws.com", "AWSServiceRoleForAmazonEKSForFargate",
     "AmazonEKSForFargateServiceRolePolicy", false, ""},
    {"eks-nodegroup.amazonaws.com", "AWSServiceRoleForAmazonEKSNodegroup",
     "AWSServiceRoleForAmazonEKSNodegroup", false,
     "This policy allows Amazon EKS to create and manage Nodegroups"},
    {"eks.amazonaws.com", "AWSServiceRoleForAmazonEKS", "AmazonEKSServiceRolePolicy", false,
     "Allows Amazon EKS to call AWS services on your behalf."},
    {"elasticache.amazonaws.com", "AWSServiceRoleForElastiCache", "ElastiCacheServiceRolePolicy",
     false, "This policy allows ElastiCache to manage AWS resources on your behalf as necessary "
            "for managing your cache."},
    {"elasticbeanstalk.amazonaws.com", "AWSServiceRoleForElasticBeanstalk",
     "AWSElasticBeanstalkServiceRolePolicy", false, ""},
    {"elasticfilesystem.amazonaws.com", "AWSServiceRoleForAmazonElasticFileSystem",
     "AmazonElasticFileSystemServiceRolePolicy", false, ""},
    {"elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing",
     "AWSElasticLoadBalancingServiceRolePolicy", false,
     "Allows ELB to call AWS services on your behalf."},
    {"es.amazonaws.com", "AWSServiceRoleForAmazonElasticsearchService",
     "AmazonElasticsearchServiceRolePolicy", false, ""},
    {"events.amazonaws.com", "AWSServiceRoleForCloudWatchEvents",
     "CloudWatchEventsServiceRolePolicy", false, ""},
    {"fms.amazonaws.com", "AWSServiceRoleForFMS", "FMSServiceRolePolicy", false, ""},
    {"fsx.amazonaws.com", "AWSServiceRoleForAmazonFSx", "AmazonFSxServiceRolePolicy", false, ""},
    {"globalaccelerator.amazonaws.com", "AWSServiceRoleForGlobalAccelerator",
     "AWSGlobalAcceleratorSLRPolicy", false, ""},
    {"grafana.amazonaws.com", "AWSServiceRoleForAmazonGrafana",
     "AmazonGrafanaServiceLinkedRolePolicy", false, ""},
    {"guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty",
     "AmazonGuardDutyServiceRolePolicy", false,
     "A service-linked role required for Amazon GuardDuty to access your resources."},
    {"inspector2.amazonaws.com", "AWSServiceRoleForAmazonInspector2",
     "AmazonInspector2ServiceRolePolicy", false, ""},
    {"kafka.amazonaws.com", "AWSServiceRoleForKafka", "KafkaServiceRolePolicy", false, ""},
    {"macie.amazonaws.com", "AWSServiceRoleForAmazonMacie", "AmazonMacieServiceRolePolicy", false,
     ""},
    {"memorydb.amazonaws.com", "AWSServiceRoleForMemoryDB", "MemoryDBServiceRolePolicy", false,
     ""},
    {"mq.amazonaws.com", "AWSServiceRoleForAmazonMQ", "AmazonMQServiceRolePolicy", false, ""},
    {"opensearchservice.amazonaws.com", "AWSServiceRoleForAmazonOpenSearchService",
     "AmazonOpenSearchServiceRolePolicy", false, ""},
    {"organizations.amazonaws.com", "AWSServiceRoleForOrganizations",
     "AWSOrganizationsServiceTrustPolicy", false,
     "Service-linked role used by AWS Organizations to enable integration of other AWS services "
     "with Organizations."},
    {"ram.amazonaws.com", "AWSServiceRoleForResourceAccessManager",
     "AWSResourceAccessManagerServiceRolePolicy", false, ""},
    {"rds.amazonaws.com", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy", false,
     "Allows Amazon RDS to manage AWS resources on your behalf"},
    {"redshift.amazonaws.com", "AWSServiceRoleForRedshift",
     "AmazonRedshiftServiceLinkedRolePolicy", false, ""},
    {"replication.dynamodb.amazonaws.com", "AWSServiceRoleForDynamoDBReplication",
     "DynamoDBReplicationServiceRolePolicy", false, ""},
    {"securityhub.amazonaws.com", "AWSServiceRoleForSecurityHub",
     "AWSSecurityHubServiceRolePolicy", false, ""},
    {"servicequotas.amazonaws.com", "AWSServiceRoleForServiceQuotas",
     "ServiceQuotasServiceRolePolicy", false, ""},
    {"spot.amazonaws.com", "AWSServiceRoleForEC2Spot", "AWSEC2SpotServiceRolePolicy", false,
     "Default EC2 Spot Service Linked Role"},
    {"spotfleet.amazonaws.com", "AWSServiceRoleForEC2SpotFleet",
     "AWSEC2SpotFleetServiceRolePolicy", false, "Default EC2 Spot Fleet Service Linked Role"},
    {"ssm.amazonaws.com", "AWSServiceRoleForAmazonSSM", "AmazonSSMServiceRolePolicy", false,
     "Provides access to AWS Resources managed or used by Amazon SSM."},
    {"sso.amazonaws.com", "AWSServiceRoleForSSO", "AWSSSOServiceRolePolicy", false,
     "Service-linked role used by AWS SSO to manage AWS resources, including IAM roles, "
     "policies and SAML IdP on your behalf."},
    {"storagegateway.amazonaws.com", "AWSServiceRoleForStorageGateway",
     "AWSStorageGatewayServiceRolePolicy", false, ""},
    {"support.amazonaws.com", "AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy", false,
     "Enables resource access for AWS to provide billing, administrative and support services"},
    {"transitgateway.amazonaws.com", "AWSServiceRoleForVPCTransitGateway",
     "AWSVPCTransitGatewayServiceRolePolicy", false, ""},
    {"trustedadvisor.amazonaws.com", "AWSServiceRoleForTrustedAdvisor",
     "AWSTrustedAdvisorServiceRolePolicy", false,
     "Access for the AWS Trusted Advisor Service to help reduce cost, increase performance, and "
     "improve security of your AWS environment."},
});

}  // namespace

std::span<const ServiceLinkedRoleInfo> all_service_linked_roles() { return kRoles; }

const ServiceLinkedRoleInfo* find_service_linked_role(std::string_view service) {
  auto it = std::lower_bound(kRoles.begin(), kRoles.end(), service,
                             [](const ServiceLinkedRoleInfo& r, std::string_view s) {
                               return r.service < s;
                             });
  return it != kRoles.end() && it->service == service ? &*it : nullptr;
}

std::string derived_service_linked_role_name(std::string_view service) {
  std::string name = "AWSServiceRoleFor";
  const std::string_view label = service.substr(0, service.find('.'));
  bool word_start = true;
  for (char c : label) {
    if (c == '-' || c == '_') {
      word_start = true;
      continue;
    }
    name += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return name;
}


}  // namespace localiam::data
