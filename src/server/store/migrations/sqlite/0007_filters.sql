-- lhs portal schema, version 7: the priority and section filters of ticket lists walk an
-- index in ticket order, for all tickets and within a company, so a filter that matches few
-- tickets (or none) costs what a page costs instead of a scan of every ticket in scope.
CREATE INDEX tickets_priority ON tickets(priority, id);
CREATE INDEX tickets_company_priority ON tickets(company_id, priority, id);
CREATE INDEX tickets_section ON tickets(section_id, id);
CREATE INDEX tickets_company_section ON tickets(company_id, section_id, id);
