"""Employers (用人单位): organisations, their users and their vacancies."""
