"""Job alerts (岗位提醒) and 政策推送: the daily and nightly jobs that tell people what fits."""
