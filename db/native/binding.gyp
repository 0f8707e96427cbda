{
  "targets": [
    {
      "target_name": "shared_map",
      "conditions": [["OS!='win'", { "sources": ["shared_map.c"] }]]
    }
  ]
}
