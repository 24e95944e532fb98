-- `make bench`, part "queue at scale": fills the bench database with :orders orders of
-- 10 000 customers over the last year, three items each and :docs documents each, in the
-- states a hosting provider's database holds after a while (most registered; 2 % under
-- review, 3 % awaiting documents, 1 % action required, 4 % cancelled). generate_series
-- and one transaction per table: minutes, not hours.
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';

INSERT INTO users (email, name, password_hash, role, created_at, updated_at, email_verified_at)
SELECT 'customer' || g || '@bench.test', 'Customer ' || g, 'not a password hash', 'customer',
       now() - interval '400 days', now(), now() - interval '400 days'
FROM generate_series(1, 10000) g;

CREATE TEMP TABLE bench_customers AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE email LIKE 'customer%@bench.test';
CREATE TEMP TABLE bench_extensions AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM extensions;

INSERT INTO orders (customer_id, extension_id, domain, status, requirements, revision, created_at, updated_at, submitted_at)
SELECT c.id, e.id, 'bench' || g || '.example',
       s.status,
       NULL, 1,
       s.at - interval '1 hour', s.at,
       CASE WHEN s.status = 'awaiting_documents' THEN NULL ELSE s.at END
FROM generate_series(1, :orders) g
CROSS JOIN LATERAL (SELECT
    CASE
        WHEN g % 100 < 2 THEN 'under_review'
        WHEN g % 100 < 5 THEN 'awaiting_documents'
        WHEN g % 100 < 6 THEN 'action_required'
        WHEN g % 100 < 10 THEN 'cancelled'
        ELSE 'registered'
    END AS status,
    now() - (:orders - g) * interval '30 seconds' AS at) s
JOIN bench_customers c ON c.n = g % 10000
JOIN bench_extensions e ON e.n = g % (SELECT count(*) FROM bench_extensions);

INSERT INTO order_items (order_id, item_key, status, value, attempt, updated_at)
SELECT o.id, k.key,
       CASE o.status
           WHEN 'under_review' THEN 'submitted'
           WHEN 'awaiting_documents' THEN 'draft'
           WHEN 'action_required' THEN 'rejected'
           ELSE 'approved'
       END,
       CASE WHEN k.key = 'file' THEN NULL ELSE 'answer' END, 1, o.updated_at
FROM orders o
CROSS JOIN (VALUES ('name'), ('number'), ('file')) AS k(key)
WHERE o.domain LIKE 'bench%.example';

INSERT INTO documents (order_id, item_key, attempt, storage_key, original_name, content_type, size_bytes, sha256, uploaded_at)
SELECT o.id, 'file', 1, 'bench/' || o.id || '/' || d, 'scan-' || d || '.pdf', 'application/pdf', 200000,
       md5(o.id::text || '/' || d) || md5(d::text), o.updated_at
FROM orders o
CROSS JOIN generate_series(1, :docs) d
WHERE o.domain LIKE 'bench%.example';

-- What autovacuum does to a database in use: statistics, and the visibility map that
-- lets counts read the index alone.
VACUUM ANALYZE;
