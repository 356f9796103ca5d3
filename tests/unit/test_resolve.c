/* Unit tests: CloudFormation intrinsics, parameters and conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "formats/cloudformation/resolve.h"

static const char *template_text =
	"Parameters:\n"
	"  Env: {Type: String, Default: prod}\n"
	"  Cidr: {Type: String, Default: 10.0.0.0/8}\n"
	"  NoDefault: {Type: String}\n"
	"  Choice: {Type: String, AllowedValues: [a, b]}\n"
	"  Cidrs: {Type: CommaDelimitedList, Default: '10.0.0.0/8, 0.0.0.0/0'}\n"
	"  Ssm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /x/y}\n"
	"Mappings:\n"
	"  Net:\n"
	"    prod: {Admin: 203.0.113.0/24}\n"
	"    dev: {Admin: 0.0.0.0/0}\n"
	"Conditions:\n"
	"  IsProd: !Equals [!Ref Env, prod]\n"
	"  IsDev: !Not [!Condition IsProd]\n"
	"  Both: !And [!Condition IsProd, !Condition IsDev]\n"
	"  Either: !Or [!Condition IsProd, !Condition IsDev]\n"
	"  Region: !Equals [!Ref 'AWS::Region', us-east-1]\n"
	"  IsA: !Equals [!Ref Choice, a]\n"
	"  Loop1: !Condition Loop2\n"
	"  Loop2: !Condition Loop1\n"
	"Resources:\n"
	"  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 172.20.0.0/16}}\n"
	"  SG: {Type: 'AWS::EC2::SecurityGroup'}\n"
	"Test:\n"
	"  ref: !Ref Cidr\n"
	"  ref_none: !Ref NoDefault\n"
	"  ref_choice: !Ref Choice\n"
	"  ref_list: !Ref Cidrs\n"
	"  ref_ssm: !Ref Ssm\n"
	"  ref_novalue: !Ref AWS::NoValue\n"
	"  ref_region: !Ref AWS::Region\n"
	"  ref_resource: !Ref SG\n"
	"  sub: !Sub '${Env}-${AWS::Region}'\n"
	"  sub_vars: !Sub ['${A}.0.0/${B}', {A: '10.1', B: 16}]\n"
	"  sub_literal: !Sub '${!Literal}-${Env}'\n"
	"  join: !Join ['.', ['10', '0', !Ref Env]]\n"
	"  select: !Select [1, !Ref Cidrs]\n"
	"  select_split: !Select [2, !Split [',', 'a,b,c']]\n"
	"  findinmap: !FindInMap [Net, !Ref Env, Admin]\n"
	"  findinmap_unknown: !FindInMap [Net, !Ref NoDefault, Admin]\n"
	"  if_decided: !If [IsProd, yes, no]\n"
	"  if_undecided: !If [Region, yes, no]\n"
	"  if_novalue: !If [IsDev, x, !Ref AWS::NoValue]\n"
	"  getatt_vpc: !GetAtt Vpc.CidrBlock\n"
	"  getatt_default: !GetAtt Vpc.DefaultSecurityGroup\n"
	"  import: !ImportValue shared\n"
	"  cidr: !Select [1, !Cidr [10.0.0.0/16, 4, 8]]\n"
	"  base64: !Base64 abc\n"
	"  dynref: '{{resolve:ssm:/net/cidr}}'\n"
	"  dynref_sub: !Sub '{{resolve:secretsmanager:${Env}-net:SecretString:cidr}}'\n"
	"  json_long: {\"Fn::Join\": [\"\", [\"a\", {\"Ref\": \"Env\"}]]}\n"
	"  tojson: !ToJsonString {env: !Ref Env, ports: [22, \"a\\\"b\"], on: true}\n"
	"  tojson_unknown: !ToJsonString [!Ref NoDefault]\n"
	"  length: !Length {Ref: Cidrs}\n"
	"  length_unknown: !Length {Ref: NoDefault}\n";

struct fixture {
	struct arena a;
	struct doc doc;
	struct model m;
	struct cfn_ctx cx;
	struct param_value overrides[1];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct load_limits lim;
	struct diag err;
	arena_init(&f->a);
	load_limits_default(&lim);
	size_t len = strlen(template_text);
	assert_int_equal(load_buffer("t.yaml", template_text, len, SYNTAX_AUTO, &lim, &f->a, &f->doc, &err), 0);
	model_init(&f->m, &f->a);
	model_add_doc(&f->m, &f->doc);
	cfn_ctx_init(&f->cx, &f->m, f->doc.root, NULL, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	model_release(&f->m);
	doc_release(&f->doc);
	arena_release(&f->a);
	free(f);
	return 0;
}

static struct alts resolve(struct fixture *f, const char *name)
{
	struct alts out = {0};
	cfn_resolve(&f->cx, node_get(node_get(f->doc.root, "Test"), name), &out);
	return out;
}

/* The single alternative's text (asserts there is exactly one string). */
static const char *one(struct fixture *f, const char *name)
{
	struct alts a = resolve(f, name);
	assert_int_equal(a.n, 1);
	assert_non_null(node_str(a.v[0].v));
	return node_str(a.v[0].v);
}

static void refs_and_parameters(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(one(f, "ref"), "10.0.0.0/8");
	struct alts a = resolve(f, "ref");
	assert_non_null(a.v[0].tr);
	assert_string_equal(a.v[0].tr->text, "!Ref Cidr");
	assert_non_null(strstr(a.v[0].tr->next->text, "Parameters.Cidr.Default (line 3)"));

	a = resolve(f, "ref_none");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	a = resolve(f, "ref_choice");
	assert_int_equal(a.n, 2); /* each allowed value counts */
	a = resolve(f, "ref_list");
	assert_int_equal(a.v[0].v->kind, NODE_SEQ);
	assert_int_equal(a.v[0].v->u.seq.n, 2);
	assert_string_equal(a.v[0].v->u.seq.items[1]->text, "0.0.0.0/0");
	assert_int_equal(resolve(f, "ref_ssm").v[0].v->kind, NODE_UNKNOWN);
	assert_int_equal(resolve(f, "ref_novalue").v[0].v->kind, NODE_NOVALUE);
	assert_int_equal(resolve(f, "ref_region").v[0].v->kind, NODE_UNKNOWN);
	a = resolve(f, "ref_resource");
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	assert_string_equal(a.v[0].v->u.unk.ref, "SG");
}

static void overrides_win(void **state)
{
	struct fixture *f = *state;
	struct param_value ov[] = {{"Cidr", "0.0.0.0/0", NULL}, {"AWS::Region", "us-east-1", NULL}};
	cfn_ctx_init(&f->cx, &f->m, f->doc.root, ov, 2);
	assert_string_equal(one(f, "ref"), "0.0.0.0/0");
	assert_string_equal(one(f, "sub"), "prod-us-east-1");
	assert_string_equal(one(f, "if_undecided"), "yes");
}

static void string_functions(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(resolve(f, "sub").v[0].v->kind, NODE_UNKNOWN); /* region unknown */
	assert_string_equal(one(f, "sub_vars"), "10.1.0.0/16");
	assert_string_equal(one(f, "sub_literal"), "${Literal}-prod");
	assert_string_equal(one(f, "join"), "10.0.prod");
	assert_string_equal(one(f, "select"), "0.0.0.0/0");
	assert_string_equal(one(f, "select_split"), "c");
	assert_string_equal(one(f, "cidr"), "10.0.1.0/24");
	assert_string_equal(one(f, "base64"), "YWJj");
	assert_string_equal(one(f, "json_long"), "aprod");
	/* AWS::LanguageExtensions */
	assert_string_equal(one(f, "tojson"), "{\"env\":\"prod\",\"ports\":[22,\"a\\\"b\"],\"on\":true}");
	assert_int_equal(resolve(f, "tojson_unknown").v[0].v->kind, NODE_UNKNOWN);
	assert_string_equal(one(f, "length"), "2");
	assert_int_equal(resolve(f, "length_unknown").v[0].v->kind, NODE_UNKNOWN);
}

static void mappings(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(one(f, "findinmap"), "203.0.113.0/24");
	struct alts a = resolve(f, "findinmap_unknown");
	assert_int_equal(a.n, 2); /* unknown key: every entry counts */
	assert_string_equal(node_str(a.v[1].v), "0.0.0.0/0");
}

static void conditions(void **state)
{
	struct fixture *f = *state;
	struct loc at = {"t", 1, 1};
	assert_int_equal(cfn_condition(&f->cx, "IsProd", at), TRI_TRUE);
	assert_int_equal(cfn_condition(&f->cx, "IsDev", at), TRI_FALSE);
	assert_int_equal(cfn_condition(&f->cx, "Both", at), TRI_FALSE);
	assert_int_equal(cfn_condition(&f->cx, "Either", at), TRI_TRUE);
	assert_int_equal(cfn_condition(&f->cx, "Region", at), TRI_UNKNOWN);
	assert_int_equal(cfn_condition(&f->cx, "IsA", at), TRI_UNKNOWN);
	assert_int_equal(f->m.errors.n, 0);
	assert_int_equal(cfn_condition(&f->cx, "Loop1", at), TRI_UNKNOWN);
	assert_int_equal(f->m.errors.n, 1); /* a cycle is an error, not a hang */
	assert_non_null(strstr(f->m.errors.v[0].msg, "cycle"));
	assert_int_equal(cfn_condition(&f->cx, "Missing", at), TRI_UNKNOWN);
	assert_int_equal(f->m.errors.n, 2);
}

static void fn_if(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(one(f, "if_decided"), "yes");
	struct alts a = resolve(f, "if_undecided");
	assert_int_equal(a.n, 2); /* both branches, each with its assumption */
	assert_string_equal(a.v[0].as->cond, "Region");
	assert_int_equal(a.v[0].as->value, 1);
	assert_int_equal(a.v[1].as->value, 0);
	a = resolve(f, "if_novalue");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0].v->kind, NODE_NOVALUE);
}

static void getatt_and_imports(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(one(f, "getatt_vpc"), "172.20.0.0/16");
	struct alts a = resolve(f, "getatt_default");
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	assert_string_equal(a.v[0].v->u.unk.attr, "DefaultSecurityGroup");
	a = resolve(f, "import");
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	assert_non_null(strstr(a.v[0].v->text, "shared"));
}

static void dynamic_references(void **state)
{
	struct fixture *f = *state;
	struct alts a = resolve(f, "dynref");
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	assert_non_null(strstr(a.v[0].v->text, "{{resolve:ssm:/net/cidr}}"));
	a = resolve(f, "dynref_sub");
	assert_int_equal(a.v[0].v->kind, NODE_UNKNOWN);
	assert_non_null(strstr(a.v[0].v->text, "{{resolve:secretsmanager:"));
}

static void assumptions_merge(void **state)
{
	struct fixture *f = *state;
	struct assume t = {"C", 1, NULL, NULL}, fl = {"C", 0, NULL, NULL}, d = {"D", 1, NULL, NULL};
	const struct assume *out;
	assert_int_equal(assume_merge(&f->a, &t, &d, &out), 0);
	assert_int_not_equal(assume_merge(&f->a, &t, &fl, &out), 0);
	assert_int_equal(assume_merge(&f->a, &t, &t, &out), 0);
	/* a parameter's value is one choice for the whole rule */
	struct assume my = {"Ref:Engine", 0, "mysql", NULL}, my2 = {"Ref:Engine", 0, "mysql", NULL},
		      pg = {"Ref:Engine", 0, "postgres", NULL};
	assert_int_equal(assume_merge(&f->a, &my, &my2, &out), 0);
	assert_int_not_equal(assume_merge(&f->a, &my, &pg, &out), 0);
	assert_int_equal(assume_merge(&f->a, &my, &t, &out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refs_and_parameters, setup, teardown),
		cmocka_unit_test_setup_teardown(overrides_win, setup, teardown),
		cmocka_unit_test_setup_teardown(string_functions, setup, teardown),
		cmocka_unit_test_setup_teardown(mappings, setup, teardown),
		cmocka_unit_test_setup_teardown(conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(fn_if, setup, teardown),
		cmocka_unit_test_setup_teardown(getatt_and_imports, setup, teardown),
		cmocka_unit_test_setup_teardown(assumptions_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(dynamic_references, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
