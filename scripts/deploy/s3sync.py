"""Carry out a plan on the bucket: list, upload with type and cache headers, delete in batches."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import ClientError

from scripts.deploy.cache import is_revalidated
from scripts.deploy.errors import DeployError
from scripts.deploy.plan import SHA256_METADATA, LocalFile, RemoteObject

DELETE_BATCH = 1000  # DeleteObjects takes at most 1,000 keys a request
UPLOAD_THREADS = 8


def list_objects(s3: Any, bucket: str) -> dict[str, RemoteObject]:
    """Every object in the bucket (ListObjectsV2 pages of up to 1,000)."""
    objects = {}
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                key = item["Key"]
                objects[key] = RemoteObject(key, item["ETag"].strip('"'), item["Size"])
    except ClientError as error:
        raise DeployError(
            f"無法列出 S3 儲存桶 {bucket} 的物件：{error}",
            f"cannot list the objects of S3 bucket {bucket}: {error}",
        ) from error
    return objects


def stored_sha256_reader(s3: Any, bucket: str) -> Callable[[str], str | None]:
    """Reads the SHA-256 we stored in an object's metadata (only for multipart ETags)."""

    def read(key: str) -> str | None:
        head = s3.head_object(Bucket=bucket, Key=key)
        return head.get("Metadata", {}).get(SHA256_METADATA)

    return read


def upload(s3: Any, bucket: str, file: LocalFile) -> None:
    """One PutObject: single part, so the ETag stays the MD5 the next plan compares."""
    encoding = {"ContentEncoding": file.content_encoding} if file.content_encoding else {}
    with file.path.open("rb") as body:
        s3.put_object(
            Bucket=bucket,
            Key=file.key,
            Body=body,
            ContentType=file.content_type,
            CacheControl=file.cache_control,
            ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"),
            Metadata={SHA256_METADATA: file.sha256},
            **encoding,
        )


def upload_all(s3: Any, bucket: str, files: list[LocalFile], threads: int = UPLOAD_THREADS) -> None:
    """Upload assets in parallel, then pages in parallel (pages never precede their assets)."""
    assets = [f for f in files if not is_revalidated(f.key)]
    pages = [f for f in files if is_revalidated(f.key)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for group in (assets, pages):
            list(pool.map(lambda file: upload(s3, bucket, file), group))


def delete_all(s3: Any, bucket: str, keys: Iterable[str]) -> None:
    """DeleteObjects in batches of 1,000; any per-key error stops the deploy."""
    keys = list(keys)
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start : start + DELETE_BATCH]
        answer = s3.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
        )
        errors = answer.get("Errors", [])
        if errors:
            first = errors[0]
            raise DeployError(
                f"刪除 {len(errors)} 個物件失敗，例如 {first['Key']}：{first.get('Message')}",
                f"{len(errors)} objects could not be deleted, e.g. {first['Key']}: "
                f"{first.get('Message')}",
            )
