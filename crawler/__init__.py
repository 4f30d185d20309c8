"""The Scrapy project: spiders fetch, pipelines hand pages to `cleaners`, settings configure."""
