-- lhs portal schema, version 8: the desk's statistics read what they count through
-- covering indexes, not a scan of every ticket or movement: tickets closed since a date
-- (with when they were opened), the waiting tickets by state and age, a ticket's first
-- answer, and the SMART minutes spent since a date.
CREATE INDEX tickets_closed ON tickets (closed_at, created_at) WHERE closed_at IS NOT NULL;
CREATE INDEX tickets_state_created ON tickets (state, created_at);
CREATE INDEX comments_first_reply ON comments (ticket_id, created_at) WHERE kind = 'reply';
CREATE INDEX package_movements_created ON package_movements (created_at) WHERE kind = 'consumption';
