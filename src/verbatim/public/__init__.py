"""What patients may see in the waiting room: "Vous nous avez dit, nous avons fait"."""
