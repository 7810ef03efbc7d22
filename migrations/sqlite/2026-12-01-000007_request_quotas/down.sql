DROP TABLE request_quotas;
