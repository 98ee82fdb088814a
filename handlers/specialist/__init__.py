"""What a specialist does in the bot: their tasks, nothing else."""
