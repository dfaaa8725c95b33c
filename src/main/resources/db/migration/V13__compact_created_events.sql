-- An import batch's outbox row names its provider and holds a line per event: the user id, a space and the client
-- user id as a JSON string. The relay writes each event's JSON, with an event_id derived from the row id and the
-- line, so every publication of an event has the same one. Building the JSON in SQL cost a fifth of a batch's
-- statement time and five times the outbox space. Rows without a provider keep the earlier format (a line per event:
-- user id, space, the event's JSON) and are still relayed as they are.
alter table connection_events add column provider text;
