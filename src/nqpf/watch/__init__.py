"""nqpf watch: feeds, sitemaps and folders polled into the database."""
