"""People and access: roles (heads, AMs, clients), client companies and invite links,
access requests, an AM's absences and deputy, who blocked the bot, an AM's working
hours, and who hears about a company's affairs (`recipients`).
"""
