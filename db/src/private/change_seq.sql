create sequence private.change_seq
    start with 1
    increment by 1
    no minvalue
    no maxvalue
    cache 1;

comment on sequence private.change_seq is 'Orders changes and generations made within one transaction.';
