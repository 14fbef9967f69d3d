-- lhs portal schema, version 8: the desk's statistics read tickets closed and SMART minutes
-- spent since a date through an index, not a scan of every ticket or movement.
CREATE INDEX tickets_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX package_movements_created ON package_movements (created_at) WHERE kind = 'consumption';
