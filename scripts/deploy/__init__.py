"""Deploy the built site to S3 + CloudFront and the form backend to Lambda (``make deploy``).

Modules, one job each: ``settings`` (where to deploy), ``cache`` (Cache-Control rules),
``headers`` (the security headers, shared with the local server), ``plan`` (what changed),
``s3sync`` (upload and delete), ``invalidate`` (CloudFront), ``stack`` (the site stack's
outputs and its CSP parameter), ``backend`` (``serverless deploy``), ``template``
(generates ``infra/site.yml``) and ``cli``. Importing the package imports no AWS SDK.
"""
