-- How far the activity service has followed the org service's event log: a node moved in the
-- tree (NODE_MOVED) rewrites the group paths of the records and events under it, in the same
-- transaction as this row, so that each move is applied once and the moved groups are governed
-- by their new unit.
CREATE TABLE IF NOT EXISTS org_event_cursor (
  id TINYINT NOT NULL PRIMARY KEY,
  after_sequence BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO org_event_cursor (id, after_sequence) VALUES (1, 0);
