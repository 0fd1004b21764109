#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: airflow_task_definition
short_description: Render and register the ECS task definition of one Airflow component
version_added: 0.1.0
description:
  - Renders the ECS task definition of one Airflow component (migrate, api-server, scheduler,
    dag-processor, triggerer, Celery worker or flower) from an environment's Airflow settings,
    and registers it when it differs from the latest ACTIVE revision of its family, so a
    re-run with the same input reports no change.
  - Written because M(community.aws.ecs_taskdefinition) takes a finished container list and
    knows nothing of Airflow. This module encodes what breaks real deployments when missed,
    namely one fernet key, JWT secret and API secret key shared by every container,
    secrets only through C(secrets)/C(valueFrom), the execution API URL workers use, health
    checks per component, warm shutdown of Celery workers and memory floors per component.
  - Every input is validated before any AWS call; all problems are reported at once, each
    naming the option to fix. Secret values never appear in messages, results or diffs (only
    ARNs of the secrets).
  - With O(read_only_root_filesystem=true) the root filesystem is read-only. Airflow still
    writes C(airflow.cfg) and logs under C(/opt/airflow) and temporary files under C(/tmp), so
    these two paths are task-scoped scratch volumes, prepared by a short C(scratch-init)
    container running as root from the same image (it copies the image's C(/opt/airflow) and
    hands both volumes to user C(50000)). Everything else is read-only.
  - With O(dag_storage.mode=git) an init container C(dags-clone) clones the ref into a task
    volume; it runs as the git image's user (root) since only it writes, and Airflow mounts the
    volume read-only.
author:
  - airflow_ecs.deploy maintainers (@airflow-ecs)
options:
  state:
    description:
      - V(present) registers a new revision when the rendered definition differs from the latest
        active one.
      - V(absent) deregisters every active revision of O(family).
    type: str
    choices: [present, absent]
    default: present
  environment:
    description: Environment name (2-20 lower-case letters, digits and hyphens, starting with a letter, not ending with a hyphen).
    type: str
    required: true
  component:
    description:
      - The Airflow component to render.
      - On Airflow 2, V(api-server) renders the webserver (C(airflow webserver)).
    type: str
    required: true
    choices: [migrate, api-server, scheduler, dag-processor, triggerer, worker, flower]
  airflow_version:
    description:
      - Airflow release the image carries; Airflow 3 or 2.10 and later 2.x.
      - Airflow 2 has no JWT secret and no execution API.
      - The default is the release this collection pins and is tested with; the lookup
        P(airflow_ecs.deploy.airflow_release#lookup) returns it.
    type: str
    default: "3.3.2"
  image:
    description:
      - Container image with a pinned tag or digest, for example C(apache/airflow:3.3.2-python3.11).
      - No tag and the tag C(latest) are refused, since they make revisions unreproducible.
      - Required when O(state=present).
    type: str
  family:
    description: Task definition family; defaults to C(<environment>-airflow-<component>).
    type: str
  launch_type:
    description: Where the task runs.
    type: str
    choices: [EC2, FARGATE]
    default: EC2
  network_mode:
    description: Task networking; V(bridge) only on EC2.
    type: str
    choices: [awsvpc, bridge]
    default: awsvpc
  cpu:
    description:
      - CPU units (1024 per vCPU); defaults per component (512, the worker 1024, flower 256).
    type: int
  memory:
    description:
      - Memory in MiB. Defaults per component with headroom over the measured use.
      - Memory below the component's floor is refused (api-server and triggerer 384, scheduler,
        dag-processor, migrate and flower 256, worker 400 + 60 per O(worker.concurrency) slot).
      - On V(FARGATE) the cpu/memory pair must be one Fargate accepts.
    type: int
  execution_role_arn:
    description: IAM role ECS uses to pull the image, write logs and fetch the secrets (required when present).
    type: str
  task_role_arn:
    description: IAM role of the containers themselves (required with O(dag_storage.mode=efs)).
    type: str
  log_group:
    description: CloudWatch log group of the environment (awslogs driver; required when present).
    type: str
  log_stream_prefix:
    description: awslogs stream prefix; defaults to the component (init containers add C(-init)).
    type: str
  read_only_root_filesystem:
    description: Read-only root filesystem with scratch volumes at C(/opt/airflow) and C(/tmp).
    type: bool
    default: true
  secrets:
    description:
      - References to the secrets, never the values. Keys are V(fernet_key), V(jwt_secret),
        V(api_secret_key), V(sql_alchemy_conn), V(broker_url), V(result_backend) and
        V(admin_password) (the C(migrate) task's, see O(admin_user)).
      - Each value is a Secrets Manager secret ARN (optionally with C(:json-key:stage:version)),
        an SSM parameter ARN, or a dict C({arn, json_key}).
      - Only the secrets the component needs are required; a plain value is refused.
    type: dict
    default: {}
  extra_secrets:
    description:
      - "More secrets for this component's container, as C({ENVIRONMENT_VARIABLE: reference}): an SMTP
        password (C(AIRFLOW__SMTP__SMTP_PASSWORD)), a Slack token, a warehouse key. ECS resolves each
        when the task starts (C(valueFrom)); the task definition holds the reference only."
      - A reference takes the forms of O(secrets); a plain value is refused, and so is a variable the
        collection or O(airflow_config) already sets.
      - The task execution role must be allowed to read each (the iam role grants the ones
        C(airflow_services_extra_secrets) names).
    type: dict
    default: {}
  execution_api_server_url:
    description:
      - URL of the api-server's execution API, C(http://<stable name>:8080/execution/).
      - Required on Airflow 3 for every component but migrate; a loopback host is refused since
        workers run in other tasks.
    type: str
  api_base_url:
    description: Public URL of the UI (api-server only; C(AIRFLOW__API__BASE_URL)).
    type: str
  airflow_config:
    description:
      - "Airflow settings as C({section: {key: value}}), rendered as C(AIRFLOW__SECTION__KEY)."
      - Keys that carry secrets, and keys other options manage, are refused with the option to use.
    type: dict
    default: {}
  dag_storage:
    description: Where the DAGs come from.
    type: dict
    default: {}
    suboptions:
      mode:
        description:
          - V(s3fs) binds the host's mount of the DAG bucket read-only (EC2 only; Mountpoint for Amazon S3
            or s3fs, the ecs_hosts role). A C(dag-mount-init) init container first refuses a folder that is
            not that mount (the host's mount failed) or is empty, with a message naming the mount.
          - V(efs) mounts an EFS access point with transit encryption and IAM authorization.
          - V(git) clones O(dag_storage.git_ref) in an init container.
          - V(image) mounts nothing (DAGs baked into the image).
          - V(s3_bundle) uses Airflow 3's S3 DAG bundle.
        type: str
        choices: [s3fs, efs, git, image, s3_bundle]
        default: s3fs
      container_path:
        description: Where the DAGs appear in the container (C(AIRFLOW__CORE__DAGS_FOLDER)).
        type: str
        default: /opt/airflow/dags
      host_path:
        description: The host's mount point of the DAG bucket (V(s3fs) mode).
        type: str
        default: /mnt/airflow-dags
      efs_file_system_id:
        description: EFS file system id (V(efs) mode).
        type: str
      efs_access_point_id:
        description: EFS access point id (V(efs) mode).
        type: str
      git_repository:
        description: HTTPS URL of the DAG repository, without credentials (V(git) mode).
        type: str
      git_ref:
        description: Branch or tag to clone (V(git) mode).
        type: str
        default: main
      git_image:
        description: Image of the clone container (V(git) mode).
        type: str
        default: alpine/git:2.47.2
      s3_bucket:
        description: Bucket of the S3 DAG bundle (V(s3_bundle) mode).
        type: str
      s3_prefix:
        description: Key prefix of the S3 DAG bundle.
        type: str
        default: ""
      aws_conn_id:
        description: Airflow connection the S3 DAG bundle reads with.
        type: str
        default: aws_default
  worker:
    description: Celery worker settings.
    type: dict
    default: {}
    suboptions:
      concurrency:
        description: Task slots per worker (C(AIRFLOW__CELERY__WORKER_CONCURRENCY)), 1-64.
        type: int
        default: 8
      log_server_port:
        description: Port of the worker's log server; set it apart per worker when several share a host.
        type: int
        default: 8793
      longest_task_seconds:
        description:
          - The longest task the environment runs. The worker's C(stopTimeout) is this plus the
            margin, so on scale-in or deploy running tasks finish before the worker exits.
          - Fargate caps C(stopTimeout) at 120 s; a longer one is refused there.
        type: int
        default: 600
      stop_timeout_margin_seconds:
        description: Seconds added to O(worker.longest_task_seconds) for the worker to shut down.
        type: int
        default: 30
  secrets_backend:
    description:
      - Airflow connections and variables from AWS Secrets Manager (the amazon provider's
        C(SecretsManagerBackend)), looked up before the environment variables and the metadata
        database. Set on the api-server, scheduler, dag-processor, triggerer and worker.
      - A connection C(my_db) is the secret C(<connections_prefix>/my_db) (a connection URI, or JSON
        with C(conn_type), C(host) and so on); a variable C(my_var) is C(<variables_prefix>/my_var).
        Airflow settings never come from Secrets Manager (C(config_prefix) is off).
      - The task roles of those components need read access to both prefixes (the iam role grants it).
    type: dict
    default: {}
    suboptions:
      enabled:
        description: Turn the backend on. Off, C(airflow_config) may configure another one (C(secrets.backend)).
        type: bool
        default: true
      connections_prefix:
        description:
          - Name prefix of the connection secrets (default C(airflow-ecs/<environment>/connections)).
          - It must not hold the environment's own secrets (C(airflow-ecs/<environment>) itself or above).
        type: str
      variables_prefix:
        description: Name prefix of the variable secrets (default C(airflow-ecs/<environment>/variables)).
        type: str
  admin_user:
    description:
      - The Airflow admin user the C(migrate) task creates, or whose password it resets, right after
        C(airflow db migrate), with the FAB auth manager's C(airflow users) commands.
      - Its password is the C(admin_password) secret, which only the C(migrate) task holds.
    type: dict
    default: {}
    suboptions:
      username:
        description: Login name of the admin user.
        type: str
        default: admin
      email:
        description: E-mail address of the admin user (FAB requires one).
        type: str
        default: admin@example.invalid
  sso:
    description:
      - Sign-in to the UI through the team's OpenID Connect provider (Okta, Entra ID, Keycloak,
        Google, Cognito, ...) instead of passwords. The api-server only; its sign-in page then offers
        that provider only, so map an IdP group to V(Admin) in O(sso.roles_mapping).
      - FAB's settings file is written to C(/tmp) by the api-server's command when it starts, from
        fixed code in the task definition; the settings travel as JSON, the client secret as a
        C(valueFrom) secret. A team's own image needs C(authlib) (the C(oauth) extra of
        C(apache-airflow-providers-fab)).
      - Users are created on their first sign-in; at every sign-in their roles follow the
        O(sso.roles_claim) claim through O(sso.roles_mapping), plus O(sso.default_role).
      - The REST API's C(/auth/token) still accepts database users' passwords (the admin's).
    type: dict
    default: {}
    suboptions:
      enabled:
        description: Sign in through the provider.
        type: bool
        default: false
      provider:
        description:
          - Short name of the provider (letters, digits, C(-) and C(_)), shown on the sign-in page
            and part of the redirect URI to register at the provider,
            C(<api_base_url>/auth/oauth-authorized/<provider>).
        type: str
      client_id:
        description: The client (application) id registered at the provider.
        type: str
      client_secret_arn:
        description:
          - Reference to the client secret (the forms of O(secrets)), never the secret itself.
          - The task execution role must be allowed to read it (site.yml grants it).
        type: str
      server_metadata_url:
        description: The provider's OpenID Connect discovery document, C(https://.../.well-known/openid-configuration).
        type: str
      scope:
        description: Scopes to request (space separated; V(openid) is required).
        type: str
        default: openid email profile
      username_claim:
        description: The userinfo claim that names the Airflow user.
        type: str
        default: email
      roles_claim:
        description: The userinfo claim that lists the user's groups.
        type: str
        default: groups
      roles_mapping:
        description:
          - "IdP group -> list of Airflow roles, for example C({airflow-admins: [Admin], data-eng: [Op]})."
        type: dict
        default: {}
      default_role:
        description:
          - Role every user gets on top of the mapped ones. V(Public) grants nothing, so nobody gets
            in without a mapped group.
        type: str
        default: Public
  remote_logging:
    description:
      - Task logs outside the worker, so they outlive it (workers scale to zero) and the UI reads them
        from any api-server task.
      - V(cloudwatch) (the default) writes them to O(log_group), beside the container logs, with its
        retention and encryption; nothing else to create. V(s3) writes them under O(remote_logging.base_log_folder),
        cheaper to keep for long.
      - The workers and the triggerer need write access, the api-server read access (the iam role's
        C(iam_remote_logging_*) inputs; site.yml derives them from this option).
    type: dict
    default: {}
    suboptions:
      enabled:
        description: Turn remote logging on.
        type: bool
        default: true
      destination:
        description: Where the task logs go.
        type: str
        choices: [cloudwatch, s3]
        default: cloudwatch
      base_log_folder:
        description: C(s3://bucket/prefix) to write task logs to (destination V(s3) only, and required there).
        type: str
      conn_id:
        description: Airflow connection used to write the logs.
        type: str
        default: aws_default
  statsd:
    description: StatsD metrics.
    type: dict
    default: {}
    suboptions:
      enabled:
        description: Send metrics to StatsD.
        type: bool
        default: false
      host:
        description: StatsD host (required when enabled).
        type: str
      port:
        description: StatsD port.
        type: int
        default: 8125
      prefix:
        description: Metric name prefix.
        type: str
        default: airflow
  scaling:
    description:
      - The sidecars of worker autoscaling (see the worker_scaling role). When enabled, the scheduler
        task gets a C(load-metric) container that puts the workers' load into CloudWatch, and the
        worker task a C(task-protection) container that keeps the task protected from scale-in while
        the worker runs task instances. Both run the image's Python on a source file of this
        collection (C(python -c)) and are not essential.
      - The scheduler's task role needs C(cloudwatch:PutMetricData) for O(scaling.metric_namespace), the
        worker's C(ecs:UpdateTaskProtection) (the iam role grants both when scaling is on).
    type: dict
    default: {}
    suboptions:
      enabled:
        description: Add the sidecars.
        type: bool
        default: false
      metric_namespace:
        description: CloudWatch namespace of the load metrics.
        type: str
        default: AirflowECS
      metric_interval_seconds:
        description: Seconds between two puts of the load metrics, 5-30.
        type: int
        default: 30
      celery_queue:
        description: The Celery queue the workers consume, whose length is reported.
        type: str
        default: default
      protection_minutes:
        description:
          - How long a busy worker's scale-in protection lasts unless renewed (renewed at half time while
            busy), 1-2880.
          - Defaults to O(worker.longest_task_seconds) plus the margin, in minutes, at least 15.
        type: int
      protection_poll_seconds:
        description: Seconds between two checks of whether the worker is busy, 2-60.
        type: int
        default: 10
  tags:
    description:
      - Tags of the task definition. C(airflow_ecs_environment) and C(airflow_ecs_component) are
        added by the module.
    type: dict
    default: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - The containers log to the log group in the region the task definition is registered in (O(region)).
  - A change of tags alone also registers a new revision, since tags belong to the registration.
  - Revisions that are no longer the latest are left active so running deployments can roll back.
"""

EXAMPLES = r"""
- name: Register the scheduler of the prod environment
  airflow_ecs.deploy.airflow_task_definition:
    environment: prod
    component: scheduler
    image: apache/airflow:3.3.2-python3.11
    execution_role_arn: arn:aws:iam::123456789012:role/airflow-prod-execution
    task_role_arn: arn:aws:iam::123456789012:role/airflow-prod-scheduler
    log_group: /airflow-ecs/prod
    region: eu-west-1
    execution_api_server_url: http://api-server.airflow-prod.local:8080/execution/
    secrets:
      fernet_key: {arn: "{{ airflow_secret_arn }}", json_key: fernet_key}
      jwt_secret: {arn: "{{ airflow_secret_arn }}", json_key: jwt_secret}
      sql_alchemy_conn: {arn: "{{ database_secret_arn }}", json_key: sql_alchemy_conn}
      result_backend: {arn: "{{ database_secret_arn }}", json_key: result_backend}
      broker_url: {arn: "{{ redis_secret_arn }}", json_key: broker_url}
  register: scheduler_task_definition

- name: Workers whose longest task takes 45 minutes
  airflow_ecs.deploy.airflow_task_definition:
    environment: prod
    component: worker
    image: apache/airflow:3.3.2-python3.11
    execution_role_arn: arn:aws:iam::123456789012:role/airflow-prod-execution
    log_group: /airflow-ecs/prod
    region: eu-west-1
    execution_api_server_url: http://api-server.airflow-prod.local:8080/execution/
    worker:
      concurrency: 16
      longest_task_seconds: 2700
    secrets:
      broker_url: {arn: "{{ redis_secret_arn }}", json_key: broker_url}
      result_backend: {arn: "{{ database_secret_arn }}", json_key: result_backend}
      api_secret_key: {arn: "{{ airflow_secret_arn }}", json_key: api_secret_key}

- name: Deregister every revision of the flower family
  airflow_ecs.deploy.airflow_task_definition:
    environment: prod
    component: flower
    state: absent
"""

RETURN = r"""
family:
  description: Task definition family.
  returned: always
  type: str
  sample: prod-airflow-scheduler
task_definition_arn:
  description: ARN of the revision that matches the input (null in check mode when a new one would be made, and when absent).
  returned: always
  type: str
  sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-airflow-scheduler:7
revision:
  description: Revision number of RV(task_definition_arn).
  returned: always
  type: int
  sample: 7
differences:
  description: What differs from the latest active revision (empty when unchanged).
  returned: when state is present
  type: list
  elements: str
  sample: ["containerDefinitions[scheduler].environment.AIRFLOW__CORE__LOAD_EXAMPLES"]
task_definition:
  description: The rendered RegisterTaskDefinition request.
  returned: when state is present
  type: dict
deregistered:
  description: ARNs of the revisions deregistered.
  returned: when state is absent
  type: list
  elements: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.airflow_ecs.deploy.plugins.module_utils.aws_retry import aws_retry
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.errors import reported_errors
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import module_result
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.results import resource_diff
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.compare import canonical
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.compare import differences
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.compare import normalize_registered
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import OPTION_NAMES
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.defaults import apply_defaults
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.options import argument_spec as option_argument_spec
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import TaskDefinitionInputError
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.render import render_filled
from ansible_collections.airflow_ecs.deploy.plugins.module_utils.taskdef.secret_refs import possible_secret_values


def describe_latest(client, family):
    """The latest ACTIVE revision of family with its tags, or None."""
    try:
        return client.describe_task_definition(taskDefinition=family, include=["TAGS"], aws_retry=True)
    except is_boto3_error_code("ClientException"):
        return None


@aws_retry()
def active_revisions(client, family):
    paginator = client.get_paginator("list_task_definitions")
    arns = paginator.paginate(familyPrefix=family, status="ACTIVE").build_full_result().get("taskDefinitionArns", [])
    # familyPrefix also matches longer families (prod-airflow-worker matches prod-airflow-worker-gpu).
    return [arn for arn in arns if arn.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family]


def ensure_present(module, client, rendered):
    family = rendered["family"]
    current = describe_latest(client, family)
    current_normalized = normalize_registered(current) if current else None
    changes = differences(rendered, current_normalized)
    returned = {"family": family, "differences": changes, "task_definition": rendered}
    if not changes:
        task_definition = current["taskDefinition"]
        return module_result(False, task_definition_arn=task_definition["taskDefinitionArn"],
                             revision=task_definition["revision"], **returned)

    # Both sides in canonical form (same container order, AWS defaults dropped), so the
    # diff shows what `differences` lists and nothing else.
    diff = resource_diff(current_normalized, canonical(rendered))
    if module.check_mode:
        return module_result(True, diff, task_definition_arn=None, revision=None, **returned)
    registered = client.register_task_definition(aws_retry=True, **rendered)["taskDefinition"]
    return module_result(True, diff, task_definition_arn=registered["taskDefinitionArn"],
                         revision=registered["revision"], **returned)


def ensure_absent(module, client, family):
    arns = active_revisions(client, family)
    if not module.check_mode:
        for arn in arns:
            client.deregister_task_definition(taskDefinition=arn, aws_retry=True)
    return module_result(bool(arns), resource_diff({"active_revisions": arns}, {"active_revisions": []}),
                         family=family, task_definition_arn=None, revision=None, deregistered=arns)


def argument_spec():
    """The options of the option table (module_utils/taskdef/options.py) and state."""
    spec = dict(state=dict(type="str", choices=["present", "absent"], default="present"))
    spec.update(option_argument_spec())
    return spec


def render_input(params, region):
    """(spec with every default filled in, rendered request or None for state absent).

    apply_defaults runs once; the checks and the renderer use its result.
    Raises TaskDefinitionInputError when the input cannot be rendered.
    """
    spec = {key: params.get(key) for key in OPTION_NAMES}
    # The tasks log to the region the definition is registered in.
    spec["region"] = region
    filled = apply_defaults(spec)
    rendered = render_filled(filled) if params["state"] == "present" else None
    return filled, rendered


def main():
    module = AnsibleAWSModule(
        argument_spec=argument_spec(),
        required_if=[("state", "present", ["image", "execution_role_arn", "log_group"])],
        supports_check_mode=True,
    )
    # A plain value where a reference belongs is probably a secret: never echo it.
    module.no_log_values.update(possible_secret_values(module.params["secrets"]))
    module.no_log_values.update(possible_secret_values(module.params["extra_secrets"]))
    module.no_log_values.update(possible_secret_values({"client_secret_arn": (module.params["sso"] or {}).get("client_secret_arn")}))
    try:
        filled, rendered = render_input(module.params, module.region)
    except TaskDefinitionInputError as error:
        module.fail_json(msg="invalid task definition input: " + str(error), errors=error.errors)
    family = filled["family"]

    client = module.client("ecs", retry_decorator=aws_retry())
    with reported_errors(module, f"Failed to manage the task definition family {family}"):
        result = ensure_absent(module, client, family) if rendered is None else ensure_present(module, client, rendered)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
