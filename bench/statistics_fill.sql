-- bench/statistics_queries.py fills PostgreSQL with this: enterprises, applications, their task rows
-- and the money (fund lines, calls, ledger entries), one INSERT ... SELECT each (:applications and :tasks_per_case are replaced before it runs).
INSERT INTO enterprises (name, credit_code, region_prefecture, industry, size_class, created_at)
SELECT '基准企业' || g, 'BENCH' || lpad(g::text, 13, '0'),
       (ARRAY['乌鲁木齐市', '克拉玛依市', '吐鲁番市', '哈密市', '昌吉回族自治州', '博尔塔拉蒙古自治州',
              '巴音郭楞蒙古自治州', '阿克苏地区', '克孜勒苏柯尔克孜自治州', '喀什地区', '和田地区',
              '伊犁哈萨克自治州', '塔城地区', '阿勒泰地区'])[1 + g % 14],
       (ARRAY['industry', 'software', 'transport', 'wholesale', 'retail', 'agriculture'])[1 + (g / 14) % 6],
       (ARRAY['medium', 'small', 'small', 'micro'])[1 + (g / 7) % 4],
       now()
FROM generate_series(1, 5000) AS g;

INSERT INTO process_instances (definition_id, state, status, revision, created_at, updated_at)
SELECT (SELECT min(id) FROM process_definitions WHERE key = 'sme_18_1_new_product'), '{}', 'completed', 1, now(), now()
FROM generate_series(1, :applications);

INSERT INTO applications (number, enterprise_id, applicant_id, program_code, instance_id, amount_requested,
                          status, data, created_at, submitted_at)
SELECT 'XJZXB' || lpad(g::text, 9, '0'),
       (SELECT min(id) FROM enterprises WHERE credit_code LIKE 'BENCH%') + g % 5000,
       (SELECT id FROM users WHERE username = 'tianshan'),
       (ARRAY['sme-18-1', 'sme-18-2', 'sme-18-3', 'sme-14-1', 'sme-14-2', 'sme-13-1', 'sme-16-3', 'sme-19-1'])[1 + g % 8],
       (SELECT max(id) FROM process_instances) - :applications + g,
       10000 * (1 + g % 50),
       (ARRAY['disbursed', 'disbursed', 'rejected', 'not_accepted', 'withdrawn', 'under_review',
              'awaiting_decision', 'awaiting_disbursement', 'disbursed', 'approved'])[1 + (g / 8) % 10],
       '{}',
       timestamp '2025-01-01 02:00' + (g % 700) * interval '1 day',
       timestamp '2025-01-01 02:00' + (g % 700) * interval '1 day'
FROM generate_series(1, :applications) AS g;

INSERT INTO human_tasks (instance_id, application_id, spiff_task_id, step, title, title_en, lane, department_id,
                         for_applicant, state, created_at, due_at, due_is_estimate, completed_at, decision, data,
                         revision)
SELECT a.instance_id, a.id, md5(a.id || ':' || k),
       (ARRAY['submit', 'accept', 'tech_review', 'budget_review', 'decide', 'disburse', 'correct',
              'opinion_rst', 'opinion_swt', 'opinion_jyt'])[1 + k % 10],
       '步骤', 'Step', '泳道',
       CASE k % 10 WHEN 1 THEN (SELECT id FROM departments WHERE code = 'JXW')
                   WHEN 2 THEN (SELECT id FROM departments WHERE code = 'KJT')
                   WHEN 3 THEN (SELECT id FROM departments WHERE code = 'CZT')
                   WHEN 4 THEN (SELECT id FROM departments WHERE code = 'JXW')
                   WHEN 5 THEN (SELECT id FROM departments WHERE code = 'CZT')
                   WHEN 7 THEN (SELECT id FROM departments WHERE code = 'RST')
                   WHEN 8 THEN (SELECT id FROM departments WHERE code = 'SWT')
                   WHEN 9 THEN (SELECT id FROM departments WHERE code = 'JYT') END,
       k % 10 IN (0, 6),
       CASE WHEN a.id % 20 = 0 AND k >= 4 THEN 'open' ELSE 'completed' END,
       a.submitted_at + k * interval '2 days',
       CASE WHEN k % 10 IN (0, 6) THEN NULL ELSE a.submitted_at + k * interval '2 days' + interval '7 days' END,
       false,
       CASE WHEN a.id % 20 = 0 AND k >= 4 THEN NULL
            ELSE a.submitted_at + k * interval '2 days' + (1 + (a.id + k) % 9) * interval '1 day' END,
       CASE WHEN k % 10 IN (0, 6) THEN 'submit' ELSE 'approve' END,
       CASE k % 10 WHEN 4 THEN json_build_object('approved_amount', (a.amount_requested * 0.8)::text)
                   WHEN 5 THEN json_build_object('disbursed_amount', (a.amount_requested * 0.8)::text) END,
       1
FROM applications AS a CROSS JOIN generate_series(0, :tasks_per_case - 1) AS k
WHERE a.number LIKE 'XJZXB%';

-- The money behind the cases: a fund line a year, a call per program and year, a commitment for
-- every approved case and a payment for every paid one (the budget execution tables read these).
INSERT INTO fund_lines (year, level, name, budget, planning_department_id, arranging_department_id, programs, created_at)
SELECT y, 'region', y || '年基准专项资金', 100000000000,
       (SELECT id FROM departments WHERE code = 'JXW'), (SELECT id FROM departments WHERE code = 'CZT'), '[]', now()
FROM generate_series(2025, 2026) AS y;

INSERT INTO funding_calls (program_code, year, title, fund_line_id, lead_department_id, opens_on, closes_on, budget,
                           notice_days, guide_eligibility, guide_conditions, guide_documents, guide_time_limit,
                           guide_contact, created_at)
SELECT p, l.year, l.year || '年度基准申报 ' || p, l.id, (SELECT id FROM departments WHERE code = 'JXW'),
       make_date(l.year, 1, 1), NULL, 10000000000, 0, '', '', '', '', '', now()
FROM fund_lines AS l
CROSS JOIN unnest(ARRAY['sme-18-1', 'sme-18-2', 'sme-18-3', 'sme-14-1', 'sme-14-2', 'sme-13-1', 'sme-16-3', 'sme-19-1']) AS p
WHERE l.name LIKE '%基准专项资金';

UPDATE applications AS a SET call_id = c.id
FROM funding_calls AS c
WHERE a.number LIKE 'XJZXB%' AND c.program_code = a.program_code
  AND c.year = extract(year FROM a.submitted_at + interval '8 hours') AND c.title LIKE '%基准申报%';

INSERT INTO ledger_entries (fund_line_id, call_id, application_id, kind, amount, occurred_on, recorded_at)
SELECT c.fund_line_id, c.id, a.id, k.kind, a.amount_requested * 0.8, (a.submitted_at + interval '20 days')::date,
       a.submitted_at + interval '20 days'
FROM applications AS a
JOIN funding_calls AS c ON c.id = a.call_id
CROSS JOIN (VALUES ('commitment'), ('payment')) AS k(kind)
WHERE a.status IN ('disbursed', 'awaiting_disbursement', 'approved')
  AND (k.kind = 'commitment' OR a.status = 'disbursed');
