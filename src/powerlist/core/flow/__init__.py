"""Process flows: the model (`model`), an item's concrete flow from its
inline steps or a template (`expand`), its shape checked as a networkx
graph (`shape`), its routes measured in linear time (`paths`), and the
promises it keeps (`promises`)."""
