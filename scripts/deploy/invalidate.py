"""Purge changed and deleted paths from CloudFront's cache, in one invalidation batch."""

from __future__ import annotations

import time
from typing import Any


def invalidate(cloudfront: Any, distribution_id: str, paths: list[str]) -> str | None:
    """CreateInvalidation for ``paths``; returns its id (None when there is nothing to purge)."""
    if not paths:
        return None
    answer = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": f"hro-deploy-{time.time_ns()}",
        },
    )
    return answer["Invalidation"]["Id"]
