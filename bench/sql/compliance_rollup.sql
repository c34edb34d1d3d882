-- Baseline of the compliance roll-up (meetings.selectors.compliance_rollup), written by hand:
-- held meetings per organization, kind and month for every branch and party group of one
-- subtree in one year, the counts the verdicts are derived from. A meeting that also counts
-- as another kind (also_counts_as, e.g. a party day that is also the general meeting) counts
-- for both kinds, as in the selector.
-- Parameters: year start, year end (twice), subtree path prefix ("/tr/tr-organs/%").
-- {month} is the month number of meetings_meeting.date in the database's dialect.
SELECT o.id, k.kind, k.month, COUNT(*) AS held
FROM organizations_organization o
JOIN (
    SELECT organization_id, kind, {month} AS month
    FROM meetings_meeting
    WHERE state = 'held' AND date BETWEEN %s AND %s
    UNION ALL
    SELECT organization_id, also_counts_as AS kind, {month} AS month
    FROM meetings_meeting
    WHERE state = 'held' AND also_counts_as <> '' AND date BETWEEN %s AND %s
) k ON k.organization_id = o.id
WHERE o.path LIKE %s AND o.org_type IN ('branch', 'party_group')
GROUP BY o.id, k.kind, k.month
