"""The staff side under /api/admin/: the console pages, sign-in and sessions, the staff JSON
API for scripts, and the exports. Every view here names the permission it needs."""
