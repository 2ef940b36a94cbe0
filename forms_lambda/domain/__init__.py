"""The domain: booking and feedback rules, validation, records, codes. No Flask, no AWS.

bookings.py and feedback.py are the services the HTTP layers call; rules.py, calendar.py and
definitions.py read the webmasters' data files; validation.py and ids.py check and make what
citizens type and are given; records.py is what the stores keep.
"""
