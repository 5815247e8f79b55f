// The communications service's public entry: what tools (cli/, bench/, tests/) may call.
export {};
