// What the room's scripts use from Yjs, exposed once as window.Y.
import * as Y from "yjs";
window.Y = Y;
