-- Schema 14: how far this installation has said, in its own files in a sync folder, that it has read
-- each other installation's files. An installation that only reads writes a small file saying how
-- far it has read once it has read enough new files since it last said so; without it, the writers
-- could never learn that their change files were read, and never remove them.

ALTER TABLE exchange_folder_peers ADD COLUMN published_seq INTEGER NOT NULL DEFAULT -1;
