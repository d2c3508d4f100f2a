"""Where uploaded files live: the local disk (MEDIA_ROOT), or an S3-compatible object store
named by STORAGE_URL, so that more than one web machine can serve the same documents.

Either way files are private: nothing is ever linked to the store directly. Documents, consent
forms and exports are read through Casework's access-checked views (FieldFile.open), which
stream them with no-store and as attachments.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# STORAGE_URL's query options and the django-storages S3 option each one sets.
_S3_OPTIONS = {
    "endpoint": "endpoint_url",  # MinIO, Ceph, Garage, ...; AWS when absent
    "region": "region_name",
    "addressing": "addressing_style",  # "path" for most self-hosted stores
}


def default_storage_from_url(url: str) -> dict:
    """STORAGES["default"] for STORAGE_URL: empty means the local disk,
    ``s3://bucket[/prefix]?endpoint=https://...&region=...&addressing=path&sse=AES256``
    an S3-compatible bucket. Credentials are never in the URL: boto3 takes them from its
    usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role)."""
    if not url:
        return LOCAL
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured("STORAGE_URL must look like s3://bucket[/prefix]?options.")
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY (or give the machine a role)."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - set(_S3_OPTIONS) - {"sse"}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ImproperlyConfigured(f"STORAGE_URL has unknown options: {names}.")
    options = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        # Private objects, never overwritten: a second upload with the same name gets its own.
        "default_acl": "private",
        "file_overwrite": False,
        # Signed URLs only, short-lived; Casework does not hand them out, but nothing public is
        # ever made by accident.
        "querystring_auth": True,
        "querystring_expire": 60,
    }
    options.update({_S3_OPTIONS[key]: value for key, value in query.items() if key != "sse"})
    if "sse" in query:
        options["object_parameters"] = {"ServerSideEncryption": query["sse"]}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
