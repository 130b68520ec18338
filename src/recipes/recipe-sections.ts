import { allowRecipeSections } from "../config/file-config.js";
import { RECIPES } from "./registry.js";

/** dialogsmith.yaml may hold a `<name>:` section for each registered recipe. */
allowRecipeSections(RECIPES.map((r) => r.name));
