"""Precomputed lists (issue 17 item 2): every person's policy evaluation stored as one row
(``PolicySnapshot``) and its searchable parts as narrow tag rows (``PolicySnapshotTag``), kept
current by a nightly refresh in partitions and by a hook on every change of a person's facts;
政策找人, the 1131 graduates list, 政策推送 and the stations' 今日待办 read them with keyset
pagination instead of evaluating everyone on every request."""
