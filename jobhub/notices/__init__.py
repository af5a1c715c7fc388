"""站内消息: notifications for every role, and the texts they send with the person's consent."""
