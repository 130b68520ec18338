export { roleplayResponder } from "../../src/testing/roleplay-responder.js";
