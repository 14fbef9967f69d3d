-- lhs portal schema for PostgreSQL, version 6: the priority and section filters of ticket
-- lists walk an index in ticket order, for all tickets and within a company.
CREATE INDEX tickets_priority ON tickets (priority, id);
CREATE INDEX tickets_company_priority ON tickets (company_id, priority, id);
CREATE INDEX tickets_section ON tickets (section_id, id);
CREATE INDEX tickets_company_section ON tickets (company_id, section_id, id);
ANALYZE tickets;
