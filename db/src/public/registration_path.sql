create type public.registration_path as enum (
    'direct',
    'proxy',
    'bulk'
);

comment on type public.registration_path is 'direct: by the mentor; proxy: by a coordinator on a mentor''s behalf; bulk: by a coordinator in a batch, possibly an anonymous head count.';
