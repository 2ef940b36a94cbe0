"""The citizens' API under /api: bookings, feedback and the no-JavaScript result pages."""
