"""Public vacancy search and pages for visitors who have not signed in."""
