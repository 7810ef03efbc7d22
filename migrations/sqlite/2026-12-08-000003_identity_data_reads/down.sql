DROP TABLE identity_data_reads;
