"""Lambda@Edge (origin response, site behaviour only): a missing page gets its language's 404.

S3 answers 403 or 404 for a missing key. CloudFront's custom error responses would apply to
/api too (turning the API's JSON 403/404 into HTML), and cannot pick a page per language;
this function runs only on the S3 behaviour and serves /en/404.html under /en/, else /404.html,
with status 404. Lambda@Edge has no environment variables: the bucket comes from the event.
"""

import time

FALLBACK = (
    '<!doctype html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>找不到網頁 Page not '
    'found</title><h1>找不到網頁 Page not found</h1><p><a href="/">首頁</a> · '
    '<a href="/en/">Home</a></p></html>'
)
CACHE_SECONDS = 300
_pages: dict = {}


def page_key(uri):
    """The 404 page for a request path: English under /en/, Chinese elsewhere."""
    return "en/404.html" if uri == "/en" or uri.startswith("/en/") else "404.html"


def bucket_and_region(domain):
    """From 'name.s3.ap-northeast-1.amazonaws.com' (or 'name.s3.amazonaws.com')."""
    name, _, rest = domain.partition(".s3.")
    region = rest.removesuffix("amazonaws.com").strip(".").removeprefix("dualstack.")
    return name, region or "us-east-1"


def read_from_s3(bucket, region, key):
    import boto3

    s3 = boto3.client("s3", region_name=region)
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def not_found_page(bucket, region, key, fetch, now):
    cached = _pages.get((bucket, key))
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        body = fetch(bucket, region, key)
    except Exception:  # the page itself missing or unreadable: still answer 404
        return FALLBACK
    _pages[(bucket, key)] = (now, body)
    return body


def handle(event, fetch=read_from_s3, now=None):
    cf = event["Records"][0]["cf"]
    response = cf["response"]
    if str(response.get("status")) not in ("403", "404"):
        return response
    request = cf["request"]
    bucket, region = bucket_and_region(request["origin"]["s3"]["domainName"])
    key = page_key(request["uri"])
    body = not_found_page(bucket, region, key, fetch, time.time() if now is None else now)
    return {
        "status": "404",
        "statusDescription": "Not Found",
        "headers": {
            "content-type": [{"key": "Content-Type", "value": "text/html; charset=utf-8"}],
            "cache-control": [{"key": "Cache-Control", "value": "public, max-age=60"}],
        },
        "body": body,
    }


def handler(event, context):
    return handle(event)
