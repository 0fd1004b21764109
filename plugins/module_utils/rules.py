# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identifier rules every role and module shares (pure: no AWS calls).

Each rule takes a value and returns None when it is valid, or what it must be
("must be ..."), without the value: the caller names the input and decides whether the
value may be shown. `Problems` puts the two together into messages that say what to fix.
The roles reach these rules through the role_input_errors filter (plugins/filter), the
modules by importing them.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping

from ansible.module_utils.common.validation import check_type_int
from ansible.module_utils.parsing.convert_bool import boolean

# The environment name is part of every resource name. The longest name built from it is the
# api-server target group, airflow-<environment>-api, and ELB target group names are at most
# 32 characters: 8 + 20 + 4. Every other name fits too (S3 bucket airflow-ecs-<env>-dags-<account>
# 50 of 63, ElastiCache group 28 of 40, load balancer 28 of 32).
ENVIRONMENT_MAX_LENGTH = 20
_ENVIRONMENT = re.compile(r"^[a-z][a-z0-9-]{0,%d}[a-z0-9]\Z" % (ENVIRONMENT_MAX_LENGTH - 2))

# Tags the collection sets itself on every resource; a user's tags may not set them.
ENVIRONMENT_TAG = "airflow_ecs_environment"
MANAGED_BY_TAG = "managed_by"
MANAGED_BY = "airflow_ecs.deploy"
COLLECTION_TAGS = (ENVIRONMENT_TAG, MANAGED_BY_TAG)

_PARTITION = r"arn:aws(-[a-z]+)*"
_REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]\Z")
_ENDPOINT_URL = re.compile(r"^https?://[^/\s]+/?\Z")
_METRIC_NAMESPACE = re.compile(r"^(?!AWS/)[A-Za-z0-9._/#:-]{1,255}\Z")
_KMS_KEY_ID = re.compile(r"^([0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})\Z")
_KMS_KEY_ARN = re.compile(r"^%s:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+\Z" % _PARTITION)
_KMS_ALIAS = re.compile(r"^alias/[A-Za-z0-9/_-]+\Z")
_KMS_ALIAS_ARN = re.compile(r"^%s:kms:[a-z0-9-]+:[0-9]{12}:alias/[A-Za-z0-9/_-]+\Z" % _PARTITION)
_SECRET_NAME = re.compile(r"^[A-Za-z0-9/_+=.@-]{1,512}\Z")
# A name prefix the Secrets Manager backend and its IAM grant (<prefix>/*) use: no empty part.
_SECRET_NAME_PREFIX = re.compile(r"^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*\Z")
_SECRET_ARN = re.compile(r"^%s:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+\Z" % _PARTITION)
_SSM_PARAMETER_ARN = re.compile(r"^%s:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9_./-]+\Z" % _PARTITION)
_SSM_PARAMETER_PATH = re.compile(r"^/[A-Za-z0-9_./-]+\Z")
_IAM_ROLE_ARN = re.compile(r"^%s:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+\Z" % _PARTITION)
_ACM_CERTIFICATE_ARN = re.compile(r"^%s:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+\Z" % _PARTITION)
_ECR_REPOSITORY_ARN = re.compile(r"^%s:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9][a-z0-9._/-]*\Z" % _PARTITION)
_LOG_GROUP_NAME = re.compile(r"^[A-Za-z0-9_/.#-]{1,512}\Z")
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")
_ECS_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
_INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+\Z")
_AMI_ID = re.compile(r"^ami-[0-9a-f]{8,17}\Z")
_AWS_IDS = {
    "vpc": re.compile(r"^vpc-[0-9a-f]{8,17}\Z"),
    "subnet": re.compile(r"^subnet-[0-9a-f]{8,17}\Z"),
    "security group": re.compile(r"^sg-[0-9a-f]{8,17}\Z"),
}
_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]"
_WEEKLY_WINDOW = re.compile(r"^%s:%s-%s:%s\Z" % (_DAY, _TIME, _DAY, _TIME), re.IGNORECASE)
_DAILY_WINDOW = re.compile(r"^%s-%s\Z" % (_TIME, _TIME))
_RDS_IDENTIFIER = re.compile(r"^[A-Za-z]([A-Za-z0-9]|-(?!-))*\Z")


def _text(value):
    return value if isinstance(value, str) else None


def environment_name(value):
    value = _text(value)
    if value is None or not _ENVIRONMENT.match(value):
        return (
            "must be 2 to %d characters of lower-case letters, digits and hyphens, start with a letter and not "
            "end with a hyphen (it is part of every resource name; the longest, the target group "
            "airflow-<environment>-api, may have 32 characters)" % ENVIRONMENT_MAX_LENGTH
        )
    return None


def aws_region(value):
    value = _text(value)
    if value is None or not _REGION.match(value):
        return "must be an AWS region such as eu-west-1"
    return None


def endpoint_url(value):
    value = _text(value)
    if value is None or not _ENDPOINT_URL.match(value):
        return "must be a bare http(s) URL such as http://127.0.0.1:5000"
    return None


def metric_namespace(value):
    value = _text(value)
    if value is None or not _METRIC_NAMESPACE.match(value):
        return "must be a CloudWatch namespace (letters, digits, . _ / # : -) that does not start with AWS/"
    return None


# The forms of a KMS key, by the name a rule takes them with, and how each is written.
KMS_KEY_FORMS = {
    "id": (_KMS_KEY_ID, "a key id (1234abcd-12ab-34cd-56ef-1234567890ab)"),
    "arn": (_KMS_KEY_ARN, "a key ARN (arn:aws:kms:<region>:<account>:key/<key id>)"),
    "alias": (_KMS_ALIAS, "an alias (alias/<name>)"),
    "alias_arn": (_KMS_ALIAS_ARN, "an alias ARN (arn:aws:kms:<region>:<account>:alias/<name>)"),
}


def kms_key(value, forms=("arn",)):
    """A KMS key in one of `forms` (keys of KMS_KEY_FORMS): services differ in what they take."""
    value = _text(value)
    if value is not None and any(KMS_KEY_FORMS[form][0].match(value) for form in forms):
        return None
    written = [KMS_KEY_FORMS[form][1] for form in forms]
    choice = written[0] if len(written) == 1 else ", ".join(written[:-1]) + " or " + written[-1]
    return "must be %s" % choice


def secret_arn(value, wildcard=False):
    """The full ARN of a Secrets Manager secret; with `wildcard`, a trailing * (IAM resources) is allowed."""
    value = _text(value)
    if value is not None and _SECRET_ARN.match(value[:-1] if wildcard and value.endswith("*") else value):
        return None
    return (
        "must be the full ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>, "
        "as `aws secretsmanager describe-secret --secret-id <name> --query ARN` prints it)"
    )


def secret_name(value):
    value = _text(value)
    if value is None or not _SECRET_NAME.match(value):
        return "must be a Secrets Manager secret name: 1 to 512 letters, digits and / _ + = . @ -"
    return None


def is_secret_name_prefix(value):
    """A secret name prefix without a leading or trailing / (the grant below it is <prefix>/*)."""
    return isinstance(value, str) and _SECRET_NAME_PREFIX.match(value) is not None


def covers_environment_secrets(prefix, environment):
    """Whether <prefix>/* would take in the environment's own secrets, airflow-ecs/<environment>/..."""
    return ("airflow-ecs/%s/" % environment).startswith(prefix + "/")


def secret_reference(value):
    """A secret by ARN or by name (ECS and the lookups take both in the task's region)."""
    if secret_arn(value) is None or secret_name(value) is None:
        return None
    return "must be the ARN or the name of a Secrets Manager secret"


def ssm_parameter_arn(value):
    value = _text(value)
    if value is None or not _SSM_PARAMETER_ARN.match(value):
        return "must be the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>)"
    return None


def ssm_parameter_path(value):
    value = _text(value)
    if value is None or not _SSM_PARAMETER_PATH.match(value):
        return "must be an SSM parameter path starting with / (letters, digits, _ . / -)"
    return None


def iam_role_arn(value):
    value = _text(value)
    if value is None or not _IAM_ROLE_ARN.match(value):
        return "must be the ARN of an IAM role (arn:aws:iam::<account>:role/<name>)"
    return None


def acm_certificate_arn(value):
    value = _text(value)
    if value is None or not _ACM_CERTIFICATE_ARN.match(value):
        return "must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)"
    return None


def ecr_repository_arn(value):
    value = _text(value)
    if value is None or not _ECR_REPOSITORY_ARN.match(value):
        return "must be the ARN of an ECR repository (arn:aws:ecr:<region>:<account>:repository/<name>)"
    return None


def log_group_name(value):
    value = _text(value)
    if value is None or not _LOG_GROUP_NAME.match(value):
        return "must be a CloudWatch log group name: 1 to 512 letters, digits and _ / . # -"
    return None


def bucket_name(value):
    value = _text(value)
    if value is None or not _BUCKET_NAME.match(value) or ".." in value:
        return "must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens"
    return None


def s3_key_prefix(value):
    """An S3 key prefix for IAM resources: no leading slash, no wildcards (empty is the whole bucket)."""
    value = _text(value)
    if value is None or value.startswith("/") or "*" in value or "?" in value:
        return "must be an S3 key prefix without a leading / and without wildcards"
    return None


def ecs_name(value):
    value = _text(value)
    if value is None or not _ECS_NAME.match(value):
        return "must be 1 to 255 letters, digits, hyphens and underscores (an ECS name)"
    return None


def instance_type(value):
    value = _text(value)
    if value is None or not _INSTANCE_TYPE.match(value):
        return "must be an EC2 instance type such as m6i.large"
    return None


def ami_id(value):
    value = _text(value)
    if value is None or not _AMI_ID.match(value):
        return "must be an AMI id such as ami-0123456789abcdef0"
    return None


def aws_id(value, kind):
    """A VPC, subnet or security group id (`kind`: vpc, subnet, security group)."""
    value = _text(value)
    if value is None or not _AWS_IDS[kind].match(value):
        return "must be a %s id such as %s-0123456789abcdef0" % (kind, _AWS_IDS[kind].pattern[1:].split("-")[0])
    return None


def cidr_block(value):
    """An IPv4 or IPv6 CIDR block (a host address with a prefix counts: AWS takes those too)."""
    value = _text(value)
    try:
        if value is None or "/" not in value:
            raise ValueError(value)
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "must be an IPv4 or IPv6 CIDR block such as 203.0.113.0/24"
    return None


def weekly_window(value):
    value = _text(value)
    if value is None or not _WEEKLY_WINDOW.match(value):
        return "must be a weekly window in UTC such as sun:04:00-sun:04:30"
    return None


def daily_window(value):
    value = _text(value)
    if value is None or not _DAILY_WINDOW.match(value):
        return "must be a daily window in UTC such as 03:00-03:30"
    return None


def rds_identifier(value, max_length=63):
    value = _text(value)
    if value is None or len(value) > max_length or not _RDS_IDENTIFIER.match(value) or value.endswith("-"):
        return (
            "must be 1 to %d letters, digits and hyphens, start with a letter, and have no two hyphens in a row "
            "nor one at the end (RDS rules)" % max_length
        )
    return None


def as_whole_number(value):
    """A number given as a string (`-e name=5`) converted the way an int option converts it."""
    if isinstance(value, str):
        try:
            return check_type_int(value)
        except TypeError:
            return value
    return value


def as_bool(value):
    """A switch given as a string (`-e name=yes`) converted the way a bool option converts it."""
    try:
        return boolean(value, strict=True)
    except TypeError:
        return value


def whole_number(value, low=None, high=None):
    """A whole number within [low, high] (either may be None). Booleans are not numbers."""
    value = as_whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    if low is not None and high is not None and not low <= value <= high:
        return "must be %s to %s" % (low, high)
    if low is not None and value < low:
        return "must be at least %s" % low
    if high is not None and value > high:
        return "must be at most %s" % high
    return None


def tag_problems(tags, reserved=COLLECTION_TAGS, scalar_values=False):
    """(key, what it must be) for each bad user tag: AWS's limits and the tags the collection sets.

    `reserved` are the keys the caller sets itself; `scalar_values` takes numbers and booleans
    as values too (a module that turns them into strings).
    """
    if not isinstance(tags, Mapping):
        return [(None, "must be a dict of tag keys to values")]
    kinds = (str, int, float, bool) if scalar_values else (str,)
    problems = []
    for key in sorted(tags, key=str):
        value = tags[key]
        if not isinstance(key, str) or not 1 <= len(key) <= 128:
            problems.append((key, "keys must be 1 to 128 characters"))
        elif key.lower().startswith("aws:"):
            problems.append((key, "keys must not start with aws: (AWS keeps them)"))
        elif key in reserved:
            problems.append((key, "is set by the collection on every resource; remove it"))
        elif not isinstance(value, kinds) or len(str(value)) > 256:
            problems.append((key, "values must be strings of at most 256 characters"))
    return problems


def collection_tags(environment):
    """The tags the collection sets on every resource it creates for `environment`."""
    return {ENVIRONMENT_TAG: environment, MANAGED_BY_TAG: MANAGED_BY}


def owned_by(tags, environment):
    """Whether a resource's tags (a dict) mark it as created by this collection for `environment`."""
    tags = tags or {}
    return all(tags.get(key) == value for key, value in collection_tags(environment).items())


def _shown(value):
    return "'%s'" % value if isinstance(value, str) else repr(value)


class Problems:
    """Messages about a set of inputs, each naming the input and saying what it must be.

    `inputs` maps input names to values; checks of names that are not in it are skipped, so
    one rule set serves entry points that see only some of the inputs.
    """

    def __init__(self, inputs):
        self.inputs = inputs
        self.messages = []

    def __contains__(self, name):
        return name in self.inputs

    def __getitem__(self, name):
        return self.inputs[name]

    def add(self, message):
        self.messages.append(message)

    def extend(self, messages, names):
        """Messages of a module's own checks, which start with its option names: `names` maps
        each option to the input that sets it, so the message names what to fix."""
        for message in messages:
            option = max((option for option in names if message.startswith(option)), key=len, default=None)
            if option is not None:
                message = names[option] + message[len(option):]
            self.add(message if message.endswith(".") else message + ".")

    def check(self, name, rule, *args, optional=False, show=True, **kwargs):
        """Check one input with `rule`; `optional`: empty means "not set"; `show`: print the value."""
        if name not in self.inputs:
            return False
        value = self.inputs[name]
        if optional and value in ("", None):
            return True
        problem = rule(value, *args, **kwargs)
        if problem:
            self.add("%s %s; got %s." % (name, problem, _shown(value) if show else "a value that is not shown"))
            return False
        return True

    def check_each(self, name, rule, *args, **kwargs):
        """Check every item of a list input with `rule`; the message names the item."""
        if name not in self.inputs:
            return False
        items = self.inputs[name]
        if not isinstance(items, list):
            self.add("%s must be a list; got %s." % (name, _shown(items)))
            return False
        good = True
        for index, item in enumerate(items):
            problem = rule(item, *args, **kwargs)
            if problem:
                self.add("%s[%d] %s; got %s." % (name, index, problem, _shown(item)))
                good = False
        return good

    def check_tags(self, name):
        if name not in self.inputs:
            return
        for key, problem in tag_problems(self.inputs[name]):
            self.add("%s %s." % (name if key is None else "%s.%s" % (name, key), problem))

    def require(self, name, condition, what):
        """A rule that is not about one identifier: `what` says what `name` must be."""
        if name in self.inputs and not condition:
            self.add("%s %s; got %s." % (name, what, _shown(self.inputs[name])))
