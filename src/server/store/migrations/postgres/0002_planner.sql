-- lhs portal schema for PostgreSQL, version 2: a ticket's creator determines its company.
-- Without this the planner multiplies the two conditions of a user's own listing as if they
-- were independent, expects a handful of rows, and sorts all of a user's tickets instead of
-- walking the (creator_id, id) index.
CREATE STATISTICS tickets_creator_company (dependencies) ON creator_id, company_id FROM tickets;
ANALYZE tickets;
