"""Region × industry portfolios of stated priorities: the matrix, overlap, crowding, comparison."""
