"""A stand-in for the study module's selector, to test plugging a source into the registry."""


def progress_summary(*, user, organization, year):
    return {"met": year < 2026, "figure": f"{organization.code} {year}", "url": "/study/"}
