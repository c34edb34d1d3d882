-- Baseline of the dues year summary (dues.selectors.year_summary), written by hand: per
-- organization of one subtree, the year's dues split into collected, reversed, arrears and not
-- yet due (every due month in exactly one bucket), the members owing, then the remittances and
-- the voluntary payments. The paid months are aggregated once per member and month and joined,
-- not looked up per due row.
-- Parameters of the first statement: current month (twice), year start, year end (twice each),
-- subtree path prefix. Of the second and third: year start, year end, subtree path prefix.
SELECT d.organization_id,
       SUM(d.amount) AS due,
       SUM(CASE WHEN p.active > 0 THEN d.amount END) AS collected,
       SUM(CASE WHEN COALESCE(p.active, 0) = 0 AND p.reversed > 0 THEN d.amount END) AS reversed,
       SUM(CASE WHEN COALESCE(p.active, 0) = 0 AND COALESCE(p.reversed, 0) = 0
                 AND d.month < %s THEN d.amount END) AS arrears,
       SUM(CASE WHEN COALESCE(p.active, 0) = 0 AND COALESCE(p.reversed, 0) = 0
                 AND d.month >= %s THEN d.amount END) AS not_yet_due,
       COUNT(DISTINCT d.member_id) AS members
FROM dues_monthlydue d
JOIN organizations_organization o ON o.id = d.organization_id
LEFT JOIN (
    SELECT member_id, month,
           SUM(CASE WHEN reversed_by_id IS NULL THEN 1 ELSE 0 END) AS active,
           SUM(CASE WHEN reversed_by_id IS NOT NULL THEN 1 ELSE 0 END) AS reversed
    FROM dues_paidmonth
    WHERE month BETWEEN %s AND %s
    GROUP BY member_id, month
) p ON p.member_id = d.member_id AND p.month = d.month
WHERE d.month BETWEEN %s AND %s AND o.path LIKE %s
GROUP BY d.organization_id;

SELECT r.organization_id, SUM(r.amount) AS remitted
FROM dues_remittance r
JOIN organizations_organization o ON o.id = r.organization_id
WHERE r.paid_on BETWEEN %s AND %s AND o.path LIKE %s
GROUP BY r.organization_id;

SELECT v.organization_id, SUM(v.amount) AS voluntary,
       SUM(CASE WHEN v.remit_to_centre THEN v.amount ELSE 0 END) AS to_centre
FROM dues_voluntarypayment v
JOIN organizations_organization o ON o.id = v.organization_id
WHERE v.paid_on BETWEEN %s AND %s AND o.path LIKE %s
GROUP BY v.organization_id
