-- sealed_key_id answers for any bytes: null for a value that is not a ciphertext of ours (wrong version byte, cut
-- short), and the id escaped rather than decoded, so a stray byte never fails a count or a re-encryption.
create or replace function sealed_key_id(sealed bytea) returns text
    language sql immutable strict
    as $$
        select case
            when length(sealed) >= 2 and get_byte(sealed, 0) = 1 and length(sealed) >= 2 + get_byte(sealed, 1)
                then encode(substring(sealed from 3 for get_byte(sealed, 1)), 'escape')
        end
    $$;
