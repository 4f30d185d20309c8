"""govnews command line: the `govnews` console script and its commands."""
