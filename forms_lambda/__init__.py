"""Form backend of the office web site: bookings and feedback (Flask, SQLite or DynamoDB).

Nothing is imported here on purpose: `forms_lambda.handler` must stay cheap to import on Lambda.
"""
