-- Schema 9: who may read an example. 'network' (inom nätverket) is the default, also for every
-- example logged before this column existed: nothing that was written for the closed network becomes open by an upgrade.
ALTER TABLE examples ADD COLUMN sharing TEXT NOT NULL DEFAULT 'network' CHECK (sharing IN ('network', 'open'));
