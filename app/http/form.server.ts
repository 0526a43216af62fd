// Reading a posted form: a body that is not a form is the sender's mistake (400), never a 500.
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and try again.", {
      status: 400,
    });
  }
}
