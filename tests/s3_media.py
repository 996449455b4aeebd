"""Media on an S3 bucket in tests: moto's in-process mock of S3, and the hub's settings made
exactly as production makes them from its environment (``cms.settings.storage``)."""

from contextlib import contextmanager

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError
from django.test import override_settings
from moto import mock_aws

from cms.settings.storage import aws_settings_from_env, storages_from_env

BUCKET = "liga-media"
REGION = "eu-central-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def s3_environ(**extra) -> dict:
    """The production environment of a hub with its media in ``BUCKET`` on AWS."""
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "test-key-id",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        **extra,
    }


@contextmanager
def media_settings(environ: dict):
    """The hub's settings for ``environ``; Django drops its storage objects on entry and exit
    (``STORAGES`` changes), so every storage is made anew from these settings."""
    with override_settings(STORAGES=storages_from_env(environ), **aws_settings_from_env(environ)):
        yield


class Bucket:
    """``BUCKET`` as the tests look at it: as its owner and as an anonymous visitor."""

    def __init__(self):
        self.client = boto3.client("s3", region_name=REGION)
        self.anonymous = boto3.client(
            "s3", region_name=REGION, config=Config(signature_version=botocore.UNSIGNED)
        )

    def create(self):
        self.client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def object_keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=BUCKET, Key=key)

    def public_readers(self, key: str) -> list[str]:
        """What the object's ACL grants everybody (``AllUsers``): e.g. ``["READ"]`` or ``[]``."""
        grants = self.client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        return [g["Permission"] for g in grants if g["Grantee"].get("URI") == ALL_USERS]

    def anonymous_get(self, key: str) -> tuple[int, bytes]:
        """Status and body of an unsigned GET of ``key``, as a browser would send it."""
        try:
            response = self.anonymous.get_object(Bucket=BUCKET, Key=key)
        except ClientError as exc:
            return exc.response["ResponseMetadata"]["HTTPStatusCode"], b""
        return 200, response["Body"].read()


@contextmanager
def s3_media(environ: dict | None = None, *, create_bucket: bool = True):
    """Media on ``BUCKET`` in moto's S3; yields the ``Bucket``. ``create_bucket=False``: a
    bucket that does not exist, i.e. a store that refuses every upload."""
    with mock_aws():
        bucket = Bucket()
        if create_bucket:
            bucket.create()
        with media_settings(environ or s3_environ()):
            yield bucket
