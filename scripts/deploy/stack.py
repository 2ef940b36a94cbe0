"""The site's CloudFormation stack (infra/site.yml): where to upload, and the CSP it serves.

The Content-Security-Policy lists the hashes of the built pages' inline scripts, so it is a
stack parameter: when a build's hashes differ from the deployed policy, the deploy updates
only that parameter (same template, every other parameter kept) before uploading the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from scripts.deploy.errors import DeployError

CSP_PARAMETER = "ContentSecurityPolicy"


@dataclass(frozen=True)
class SiteStack:
    name: str
    outputs: dict[str, str]
    parameters: dict[str, str]

    @property
    def csp(self) -> str:
        return self.parameters.get(CSP_PARAMETER, "")


def describe(cloudformation: Any, name: str) -> SiteStack:
    """The stack's outputs and parameters; a clear error when it does not exist."""
    try:
        stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    except ClientError as error:
        raise DeployError(
            f"找不到 CloudFormation 堆疊 {name}（先依 docs/deploy.md 建立 infra/site.yml）",
            f"CloudFormation stack {name} not found (create it from infra/site.yml first, "
            "see docs/deploy.md)",
        ) from error
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    parameters = {
        p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])
    }
    return SiteStack(name, outputs, parameters)


def update_csp(cloudformation: Any, stack: SiteStack, csp: str) -> None:
    """Set the stack's CSP parameter, keep the template and the other parameters; wait."""
    parameters = [
        {"ParameterKey": key, "UsePreviousValue": True}
        for key in stack.parameters
        if key != CSP_PARAMETER
    ]
    parameters.append({"ParameterKey": CSP_PARAMETER, "ParameterValue": csp})
    cloudformation.update_stack(
        StackName=stack.name,
        UsePreviousTemplate=True,
        Parameters=parameters,
        Capabilities=["CAPABILITY_IAM"],
    )
    waiter = cloudformation.get_waiter("stack_update_complete")
    waiter.wait(StackName=stack.name, WaiterConfig={"Delay": 15, "MaxAttempts": 120})
