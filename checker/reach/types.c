/* types.c - the resource types the reach layer knows, in each vocabulary
 * (SPEC 11): one row per type name, with the property paths that attach
 * groups, place a resource in subnets, give it a public address or a
 * listening port, and tie the network together. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reach/internal.h"

/* CloudFormation */
#define CFN_LT "LaunchTemplate.LaunchTemplateId|LaunchTemplate.LaunchTemplateName"
#define CFN_MIXED "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification."
#define CFN_LTD "LaunchTemplateData."
#define CFN_AWSVPC "NetworkConfiguration.AwsvpcConfiguration."
/* Terraform */
#define TF_MIXED "mixed_instances_policy[*].launch_template[*].launch_template_specification[*]."
#define TF_GROUPS "vpc_security_group_ids[*]"

static const struct rtype rtypes[] = {
	/* targets */
	{"AWS::EC2::Instance", RK_INSTANCE, PUB_SUBNET, 0, 0, "instance",
	 .groups = "SecurityGroupIds[*]|SecurityGroups[*]|NetworkInterfaces[*].GroupSet[*]",
	 .subnets = "SubnetId|NetworkInterfaces[*].SubnetId", .link = CFN_LT,
	 .flag = "NetworkInterfaces[0].AssociatePublicIpAddress",
	 .flag6 = "Ipv6AddressCount|Ipv6Addresses[*]|NetworkInterfaces[*].Ipv6AddressCount"},
	{"aws_instance", RK_INSTANCE, PUB_SUBNET, 0, 0, "instance",
	 .groups = TF_GROUPS "|security_groups[*]", .subnets = "subnet_id",
	 .link = "launch_template[*].id|launch_template[*].name", .flag = "associate_public_ip_address",
	 .flag6 = "ipv6_address_count|ipv6_addresses[*]"},
	{"AWS::EC2::NetworkInterface", RK_ENI, PUB_EIP, 0, 0, "network interface", .groups = "GroupSet[*]",
	 .subnets = "SubnetId", .flag6 = "Ipv6AddressCount|Ipv6Addresses[*]"},
	{"aws_network_interface", RK_ENI, PUB_EIP, 0, 0, "network interface", .groups = "security_groups[*]",
	 .subnets = "subnet_id", .flag6 = "ipv6_address_count|ipv6_addresses[*]"},
	{"AWS::EC2::LaunchTemplate", RK_LAUNCH, PUB_SUBNET, 0, 0, "launch template",
	 .groups = CFN_LTD "SecurityGroupIds[*]|" CFN_LTD "SecurityGroups[*]|" CFN_LTD "NetworkInterfaces[*].Groups[*]",
	 .flag = CFN_LTD "NetworkInterfaces[0].AssociatePublicIpAddress",
	 .flag6 = CFN_LTD "NetworkInterfaces[*].Ipv6AddressCount"},
	{"aws_launch_template", RK_LAUNCH, PUB_SUBNET, 0, 0, "launch template",
	 .groups = TF_GROUPS "|security_group_names[*]|network_interfaces[*].security_groups[*]",
	 .flag = "network_interfaces[0].associate_public_ip_address", .flag6 = "network_interfaces[*].ipv6_address_count"},
	{"AWS::AutoScaling::LaunchConfiguration", RK_LAUNCH, PUB_SUBNET, 0, 0, "launch configuration",
	 .groups = "SecurityGroups[*]", .flag = "AssociatePublicIpAddress"},
	{"aws_launch_configuration", RK_LAUNCH, PUB_SUBNET, 0, 0, "launch configuration",
	 .groups = "security_groups[*]", .flag = "associate_public_ip_address"},
	{"AWS::AutoScaling::AutoScalingGroup", RK_ASG, PUB_SUBNET, 0, 0, "auto scaling group",
	 .subnets = "VPCZoneIdentifier[*]",
	 .link = CFN_LT "|LaunchConfigurationName|" CFN_MIXED "LaunchTemplateId|" CFN_MIXED "LaunchTemplateName"},
	{"aws_autoscaling_group", RK_ASG, PUB_SUBNET, 0, 0, "auto scaling group", .subnets = "vpc_zone_identifier[*]",
	 .link = "launch_template[*].id|launch_template[*].name|launch_configuration|" TF_MIXED "launch_template_id|" TF_MIXED
		 "launch_template_name"},
	{"AWS::ElasticLoadBalancingV2::LoadBalancer", RK_LB, PUB_FLAG, 1, 0, "load balancer",
	 .groups = "SecurityGroups[*]", .subnets = "Subnets[*]|SubnetMappings[*].SubnetId", .flag = "Scheme",
	 .flag_yes = "internet-facing", .flag6 = "IpAddressType", .flag6_yes = "dualstack"},
	{"aws_lb", RK_LB, PUB_FLAG, 1, 1, "load balancer", .groups = "security_groups[*]",
	 .subnets = "subnets[*]|subnet_mapping[*].subnet_id", .flag = "internal", .flag6 = "ip_address_type", .flag6_yes = "dualstack"},
	{"aws_alb", RK_LB, PUB_FLAG, 1, 1, "load balancer", .groups = "security_groups[*]",
	 .subnets = "subnets[*]|subnet_mapping[*].subnet_id", .flag = "internal", .flag6 = "ip_address_type", .flag6_yes = "dualstack"},
	{"AWS::ElasticLoadBalancing::LoadBalancer", RK_LB, PUB_FLAG, 1, 0, "load balancer",
	 .groups = "SecurityGroups[*]", .subnets = "Subnets[*]", .flag = "Scheme", .flag_yes = "internet-facing",
	 .port = "Listeners[*].LoadBalancerPort"},
	{"aws_elb", RK_LB, PUB_FLAG, 1, 1, "load balancer", .groups = "security_groups[*]", .subnets = "subnets[*]",
	 .flag = "internal", .port = "listener[*].lb_port"},
	{"AWS::RDS::DBInstance", RK_DB, PUB_FLAG_DB, 0, 0, "database", .groups = "VPCSecurityGroups[*]",
	 .link = "DBSubnetGroupName", .flag = "PubliclyAccessible", .port = "Port", .engine = "Engine"},
	{"AWS::RDS::DBCluster", RK_DB, PUB_FLAG_DB, 0, 0, "database cluster", .groups = "VpcSecurityGroupIds[*]",
	 .link = "DBSubnetGroupName", .flag = "PubliclyAccessible", .port = "Port", .engine = "Engine"},
	{"aws_db_instance", RK_DB, PUB_FLAG, 0, 0, "database", .groups = TF_GROUPS, .link = "db_subnet_group_name",
	 .flag = "publicly_accessible", .port = "port", .engine = "engine"},
	{"aws_rds_cluster", RK_DB, PUB_FLAG, 0, 0, "database cluster", .groups = TF_GROUPS,
	 .link = "db_subnet_group_name", .flag = "publicly_accessible", .port = "port", .engine = "engine"},
	{"AWS::Redshift::Cluster", RK_DB, PUB_FLAG_DB, 0, 0, "redshift cluster", .groups = "VpcSecurityGroupIds[*]",
	 .link = "ClusterSubnetGroupName", .flag = "PubliclyAccessible", .port = "Port", .port_default = 5439},
	{"aws_redshift_cluster", RK_DB, PUB_FLAG, 0, 0, "redshift cluster", .groups = TF_GROUPS,
	 .link = "cluster_subnet_group_name", .flag = "publicly_accessible", .port = "port", .port_default = 5439},
	{"AWS::ElastiCache::CacheCluster", RK_DB, PUB_NEVER, 0, 0, "cache cluster", .groups = "VpcSecurityGroupIds[*]",
	 .port = "Port", .engine = "Engine"},
	{"AWS::ElastiCache::ReplicationGroup", RK_DB, PUB_NEVER, 0, 0, "cache cluster", .groups = "SecurityGroupIds[*]",
	 .port = "Port", .engine = "Engine", .port_default = 6379},
	{"aws_elasticache_cluster", RK_DB, PUB_NEVER, 0, 0, "cache cluster", .groups = "security_group_ids[*]",
	 .port = "port", .engine = "engine"},
	{"aws_elasticache_replication_group", RK_DB, PUB_NEVER, 0, 0, "cache cluster",
	 .groups = "security_group_ids[*]", .port = "port", .engine = "engine", .port_default = 6379},
	{"AWS::EFS::MountTarget", RK_SERVICE, PUB_NEVER, 0, 0, "EFS mount target", .groups = "SecurityGroups[*]",
	 .subnets = "SubnetId", .port_default = 2049},
	{"aws_efs_mount_target", RK_SERVICE, PUB_NEVER, 0, 0, "EFS mount target", .groups = "security_groups[*]",
	 .subnets = "subnet_id", .port_default = 2049},
	{"AWS::OpenSearchService::Domain", RK_SERVICE, PUB_NEVER, 0, 0, "OpenSearch domain",
	 .groups = "VPCOptions.SecurityGroupIds[*]", .subnets = "VPCOptions.SubnetIds[*]"},
	{"AWS::Elasticsearch::Domain", RK_SERVICE, PUB_NEVER, 0, 0, "Elasticsearch domain",
	 .groups = "VPCOptions.SecurityGroupIds[*]", .subnets = "VPCOptions.SubnetIds[*]"},
	{"aws_opensearch_domain", RK_SERVICE, PUB_NEVER, 0, 0, "OpenSearch domain",
	 .groups = "vpc_options[*].security_group_ids[*]", .subnets = "vpc_options[*].subnet_ids[*]"},
	{"aws_elasticsearch_domain", RK_SERVICE, PUB_NEVER, 0, 0, "Elasticsearch domain",
	 .groups = "vpc_options[*].security_group_ids[*]", .subnets = "vpc_options[*].subnet_ids[*]"},
	{"AWS::MSK::Cluster", RK_SERVICE, PUB_FLAG, 0, 0, "MSK cluster", .groups = "BrokerNodeGroupInfo.SecurityGroups[*]",
	 .subnets = "BrokerNodeGroupInfo.ClientSubnets[*]", .flag = "BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type",
	 .flag_yes = "SERVICE_PROVIDED_EIPS"},
	{"aws_msk_cluster", RK_SERVICE, PUB_FLAG, 0, 0, "MSK cluster", .groups = "broker_node_group_info[*].security_groups[*]",
	 .subnets = "broker_node_group_info[*].client_subnets[*]",
	 .flag = "broker_node_group_info[*].connectivity_info[*].public_access[*].type", .flag_yes = "SERVICE_PROVIDED_EIPS"},
	{"AWS::AmazonMQ::Broker", RK_SERVICE, PUB_FLAG, 0, 0, "MQ broker", .groups = "SecurityGroups[*]",
	 .subnets = "SubnetIds[*]", .flag = "PubliclyAccessible"},
	{"aws_mq_broker", RK_SERVICE, PUB_FLAG, 0, 0, "MQ broker", .groups = "security_groups[*]",
	 .subnets = "subnet_ids[*]", .flag = "publicly_accessible"},
	{"AWS::ECS::Service", RK_SERVICE, PUB_FLAG, 0, 0, "ECS service", .groups = CFN_AWSVPC "SecurityGroups[*]",
	 .subnets = CFN_AWSVPC "Subnets[*]", .flag = CFN_AWSVPC "AssignPublicIp", .flag_yes = "ENABLED"},
	{"aws_ecs_service", RK_SERVICE, PUB_FLAG, 0, 0, "ECS service", .groups = "network_configuration[*].security_groups[*]",
	 .subnets = "network_configuration[*].subnets[*]", .flag = "network_configuration[*].assign_public_ip"},
	{"AWS::EKS::Cluster", RK_SERVICE, PUB_NEVER, 0, 0, "EKS cluster",
	 .groups = "ResourcesVpcConfig.SecurityGroupIds[*]", .subnets = "ResourcesVpcConfig.SubnetIds[*]"},
	{"aws_eks_cluster", RK_SERVICE, PUB_NEVER, 0, 0, "EKS cluster", .groups = "vpc_config[*].security_group_ids[*]",
	 .subnets = "vpc_config[*].subnet_ids[*]"},
	{"AWS::Lambda::Function", RK_SERVICE, PUB_NEVER, 0, 0, "Lambda function", .groups = "VpcConfig.SecurityGroupIds[*]",
	 .subnets = "VpcConfig.SubnetIds[*]"},
	{"AWS::Serverless::Function", RK_SERVICE, PUB_NEVER, 0, 0, "Lambda function",
	 .groups = "VpcConfig.SecurityGroupIds[*]", .subnets = "VpcConfig.SubnetIds[*]"},
	{"aws_lambda_function", RK_SERVICE, PUB_NEVER, 0, 0, "Lambda function",
	 .groups = "vpc_config[*].security_group_ids[*]", .subnets = "vpc_config[*].subnet_ids[*]"},
	/* ties */
	{.type = "aws_network_interface_sg_attachment", .kind = RK_SG_ATTACH, .groups = "security_group_id", .link = "network_interface_id"},
	{.type = "AWS::EC2::EIP", .kind = RK_EIP, .label = "Elastic IP", .link = "InstanceId"},
	{.type = "AWS::EC2::EIPAssociation", .kind = RK_EIP, .label = "Elastic IP", .link = "InstanceId", .link2 = "NetworkInterfaceId"},
	{.type = "aws_eip", .kind = RK_EIP, .label = "Elastic IP", .link = "instance", .link2 = "network_interface"},
	{.type = "aws_eip_association", .kind = RK_EIP, .label = "Elastic IP", .link = "instance_id", .link2 = "network_interface_id"},
	{.type = "AWS::ElasticLoadBalancingV2::Listener", .kind = RK_LISTENER, .link = "LoadBalancerArn", .port = "Port"},
	{.type = "aws_lb_listener", .kind = RK_LISTENER, .link = "load_balancer_arn", .port = "port"},
	{.type = "aws_alb_listener", .kind = RK_LISTENER, .link = "load_balancer_arn", .port = "port"},
	{.type = "AWS::RDS::DBSubnetGroup", .kind = RK_SUBNET_GROUP, .subnets = "SubnetIds[*]"},
	{.type = "AWS::Redshift::ClusterSubnetGroup", .kind = RK_SUBNET_GROUP, .subnets = "SubnetIds[*]"},
	{.type = "aws_db_subnet_group", .kind = RK_SUBNET_GROUP, .subnets = "subnet_ids[*]"},
	{.type = "aws_redshift_subnet_group", .kind = RK_SUBNET_GROUP, .subnets = "subnet_ids[*]"},
	/* the network */
	{.type = "AWS::EC2::VPC", .kind = RK_VPC},
	{.type = "aws_vpc", .kind = RK_VPC},
	{.type = "AWS::EC2::Subnet", .kind = RK_SUBNET, .label = "subnet", .vpc = "VpcId", .flag = "MapPublicIpOnLaunch",
	 .flag6 = "AssignIpv6AddressOnCreation"},
	{.type = "aws_subnet", .kind = RK_SUBNET, .label = "subnet", .vpc = "vpc_id", .flag = "map_public_ip_on_launch",
	 .flag6 = "assign_ipv6_address_on_creation"},
	{.type = "AWS::EC2::RouteTable", .kind = RK_RT, .label = "route table", .vpc = "VpcId"},
	{.type = "aws_route_table", .kind = RK_RT, .label = "route table", .vpc = "vpc_id", .routes = "route"},
	{.type = "AWS::EC2::SubnetRouteTableAssociation", .kind = RK_RT_ASSOC, .link = "RouteTableId", .link2 = "SubnetId"},
	{.type = "aws_route_table_association", .kind = RK_RT_ASSOC, .link = "route_table_id", .link2 = "subnet_id"},
	{.type = "aws_main_route_table_association", .kind = RK_MAIN_RT, .link = "route_table_id", .vpc = "vpc_id"},
	{.type = "aws_default_route_table", .kind = RK_MAIN_RT, .label = "route table", .vpc = "default_route_table_id", .routes = "route"},
	{.type = "AWS::EC2::Route", .kind = RK_ROUTE, .label = "route", .link = "RouteTableId", .flag = "DestinationCidrBlock",
	 .flag6 = "DestinationIpv6CidrBlock", .gateway = "GatewayId",
	 .link2 = "NatGatewayId|EgressOnlyInternetGatewayId|TransitGatewayId|VpcPeeringConnectionId|NetworkInterfaceId|InstanceId|VpcEndpointId|CarrierGatewayId|LocalGatewayId"},
	{.type = "aws_route", .kind = RK_ROUTE, .label = "route", .link = "route_table_id", .flag = "destination_cidr_block",
	 .flag6 = "destination_ipv6_cidr_block", .gateway = "gateway_id",
	 .link2 = "nat_gateway_id|egress_only_gateway_id|transit_gateway_id|vpc_peering_connection_id|network_interface_id|vpc_endpoint_id|carrier_gateway_id|local_gateway_id"},
	{.type = "AWS::EC2::NatGateway", .kind = RK_NONE, .label = "NAT gateway"},
	{.type = "aws_nat_gateway", .kind = RK_NONE, .label = "NAT gateway"},
	{.type = "AWS::EC2::EgressOnlyInternetGateway", .kind = RK_NONE, .label = "egress-only gateway"},
	{.type = "aws_egress_only_internet_gateway", .kind = RK_NONE, .label = "egress-only gateway"},
	{.type = "AWS::EC2::VPNGateway", .kind = RK_NONE, .label = "VPN gateway"},
	{.type = "aws_vpn_gateway", .kind = RK_NONE, .label = "VPN gateway"},
	{.type = "AWS::EC2::TransitGateway", .kind = RK_NONE, .label = "transit gateway"},
	{.type = "aws_ec2_transit_gateway", .kind = RK_NONE, .label = "transit gateway"},
	{.type = "AWS::EC2::InternetGateway", .kind = RK_IGW, .label = "igw"},
	{.type = "aws_internet_gateway", .kind = RK_IGW, .label = "igw", .vpc = "vpc_id"},
	{.type = "AWS::EC2::VPCGatewayAttachment", .kind = RK_IGW_ATTACH, .link = "InternetGatewayId", .vpc = "VpcId"},
	{.type = "aws_internet_gateway_attachment", .kind = RK_IGW_ATTACH, .link = "internet_gateway_id", .vpc = "vpc_id"},
	{.type = "AWS::EC2::NetworkAcl", .kind = RK_NACL, .label = "acl", .vpc = "VpcId"},
	{.type = "aws_network_acl", .kind = RK_NACL, .label = "acl", .vpc = "vpc_id", .subnets = "subnet_ids[*]"},
	{.type = "aws_default_network_acl", .kind = RK_DEFAULT_NACL, .label = "acl", .vpc = "default_network_acl_id",
	 .subnets = "subnet_ids[*]"},
	{.type = "AWS::EC2::SubnetNetworkAclAssociation", .kind = RK_NACL_ASSOC, .link = "NetworkAclId", .link2 = "SubnetId"},
	{.type = "aws_network_acl_association", .kind = RK_NACL_ASSOC, .link = "network_acl_id", .link2 = "subnet_id"},
};

#define NRTYPES (sizeof(rtypes) / sizeof(rtypes[0]))

/* The rows by type name, hashed: every resource of every unit is looked
 * up, and the names share long prefixes ("AWS::EC2::") that make each
 * string comparison of a search slow. Open addressing, at most half full. */
#define BY_NAME_SLOTS 512
static const struct rtype *by_name[BY_NAME_SLOTS];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static void hash_by_name(void)
{
	_Static_assert(NRTYPES * 2 <= BY_NAME_SLOTS, "rtype hash table too small");
	for (size_t i = 0; i < NRTYPES; i++) {
		size_t k = str_hash(rtypes[i].type) & (BY_NAME_SLOTS - 1);
		while (by_name[k])
			k = (k + 1) & (BY_NAME_SLOTS - 1);
		by_name[k] = &rtypes[i];
	}
}

const struct rtype *rtype_of_hashed(const char *type, uint32_t hash)
{
	if (!type)
		return NULL;
	pthread_once(&by_name_once, hash_by_name);
	for (size_t k = hash & (BY_NAME_SLOTS - 1); by_name[k]; k = (k + 1) & (BY_NAME_SLOTS - 1))
		if (strcmp(by_name[k]->type, type) == 0)
			return by_name[k];
	return NULL;
}

int32_t rtype_engine_port(const char *engine)
{
	static const struct {
		const char *prefix;
		int32_t port;
	} ports[] = {
		{"aurora-postgresql", 5432}, {"postgres", 5432}, {"aurora", 3306}, {"mysql", 3306},
		{"mariadb", 3306},           {"oracle", 1521},   {"sqlserver", 1433}, {"redis", 6379},
		{"valkey", 6379},            {"memcached", 11211},
	};
	for (size_t i = 0; engine && i < sizeof(ports) / sizeof(ports[0]); i++)
		if (strncmp(engine, ports[i].prefix, strlen(ports[i].prefix)) == 0)
			return ports[i].port;
	return 0;
}
